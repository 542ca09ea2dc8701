/**
 * Demo accounts for a fresh database (see README), whose passwords are published. They are created
 * only when explicitly asked for (`npm run dev`, or SEED_DEMO_DATA=true), and a production start
 * refuses to run while one of them still has its published password (ADR 0016).
 */
import { hashPassword, verifyPassword } from "~/modules/auth/password.server.ts";
import { DEMO_ACCOUNTS, DEMO_ORGANISATION } from "./demo-accounts.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv, isProduction } from "~/utils/env.server.ts";

/** Creates the demo accounts that are missing and the demo school; changes nothing else. */
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
        emailVerifiedAt: new Date(), // demo addresses count as confirmed (ADR 0031)
        roles: { create: account.roles.map((role) => ({ role })) },
      },
    });
    created++;
  }
  await seedDemoOrganisation();
  return created;
}

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

/**
 * The demo accounts present in this database that still sign in with their published password.
 * A production server must not start while this list is not empty (unless demo data was asked for).
 */
export async function findDemoAccountsWithPublishedPasswords(): Promise<string[]> {
  const users = await prisma.user.findMany({
    where: { email: { in: DEMO_ACCOUNTS.map((account) => account.email) } },
    select: { email: true, passwordHash: true },
  });
  const found: string[] = [];
  for (const user of users) {
    const account = DEMO_ACCOUNTS.find((candidate) => candidate.email === user.email);
    if (account && (await verifyPassword(user.passwordHash, account.password))) found.push(user.email);
  }
  return found;
}

/**
 * Refuses a production start while a demo account keeps its published password, unless demo data
 * was explicitly asked for (SEED_DEMO_DATA=true, e.g. a demonstration server or the browser tests).
 */
export async function assertNoPublishedDemoLogins(): Promise<void> {
  if (!isProduction() || getEnv().SEED_DEMO_DATA === "true") return;
  const found = await findDemoAccountsWithPublishedPasswords();
  if (found.length === 0) return;
  throw new Error(
    `Refusing to start in production: the demo account(s) ${found.join(", ")} still have the password published in README.md. ` +
      "Delete them (or change their passwords) before going live, or set SEED_DEMO_DATA=true for a demonstration server.",
  );
}
