/**
 * Runs before the server starts (npm run dev / npm start), after migrations: demo accounts outside
 * production (or when SEED_DEMO_DATA=true).
 */
import { seedDemoAccounts } from "../prisma/seed.ts";
import { prisma } from "~/utils/db.server.ts";

async function main() {
  const production = process.env.NODE_ENV === "production";
  if (!production || process.env.SEED_DEMO_DATA === "true") {
    const created = await seedDemoAccounts();
    if (created) console.log(`Created ${created} demo account(s); see README.md for their logins.`);
  }
}

main()
  .then(() => prisma.$disconnect())
  .catch(async (error) => {
    console.error(error);
    await prisma.$disconnect();
    process.exit(1);
  });
