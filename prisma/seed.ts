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
        organisationName: DEMO_ORGANISATION,
        organisationType: "secondary-school",
        roleInSchool: account.roleInSchool,
        roles: { create: account.roles.map((role) => ({ role })) },
      },
    });
    created++;
  }
  await seedDemoOrganisation();
  return created;
}

export const DEMO_ORGANISATION = "Pathways Demo Academy";

/**
 * The demo school: the demo leader leads it and the demo learner is a member of staff who has not
 * shared their record (so the leader's page has someone waiting for consent). Created once; what
 * people change in it afterwards is left alone.
 */
async function seedDemoOrganisation() {
  if (await prisma.organisation.findFirst({ where: { name: DEMO_ORGANISATION }, select: { id: true } })) return;
  const [leader, learner] = await Promise.all(
    ["leader@pathways.test", "learner@pathways.test"].map((email) => prisma.user.findUnique({ where: { email }, select: { id: true } })),
  );
  if (!leader || !learner) return;
  await prisma.organisation.create({
    data: {
      name: DEMO_ORGANISATION,
      type: "secondary-school",
      memberships: {
        create: [
          { userId: leader.id, role: "leader" },
          { userId: learner.id, role: "member" },
        ],
      },
    },
  });
}
