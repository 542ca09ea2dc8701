/**
 * Demo accounts for a fresh database (see README). Safe to run any number of times: it creates
 * what is missing and changes nothing else. Run by scripts/prepare.ts when the app starts.
 */
import { hashPassword } from "~/modules/auth/password.server.ts";
import type { Role } from "~/modules/auth/roles.ts";
import { prisma } from "~/utils/db.server.ts";

export const DEMO_ACCOUNTS: { email: string; password: string; name: string; roles: Role[]; roleInSchool: string }[] = [
  { email: "learner@pathways.test", password: "learner-pathways-demo", name: "Lena Learner", roles: [], roleInSchool: "class-teacher" },
  {
    email: "author@pathways.test",
    password: "author-pathways-demo",
    name: "Ade Author",
    roles: ["author"],
    roleInSchool: "computing-lead",
  },
  { email: "leader@pathways.test", password: "leader-pathways-demo", name: "Lee Leader", roles: ["leader"], roleInSchool: "headteacher" },
  { email: "admin@pathways.test", password: "admin-pathways-demo", name: "Ana Admin", roles: ["admin"], roleInSchool: "other" },
];

export async function seedDemoAccounts(): Promise<number> {
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    const existing = await prisma.user.findUnique({ where: { email: account.email }, select: { id: true } });
    if (existing) continue;
    await prisma.user.create({
      data: {
        email: account.email,
        name: account.name,
        passwordHash: await hashPassword(account.password),
        organisationName: "Pathways Demo Academy",
        organisationType: "secondary-school",
        roleInSchool: account.roleInSchool,
        roles: { create: account.roles.map((role) => ({ role })) },
      },
    });
    created++;
  }
  return created;
}
