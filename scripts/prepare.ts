/**
 * Runs before the server starts (npm run dev / npm start), after migrations: demo accounts outside
 * production (or when SEED_DEMO_DATA=true), then every module under courses/ whose content changed
 * is published through the same code as `npm run courses:publish`.
 */
import { seedDemoAccounts } from "../prisma/seed.ts";
import { publishCourses } from "~/modules/catalog/publish.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { describeOutcome, publishFromCli } from "./courses-publish.ts";

async function main() {
  const production = process.env.NODE_ENV === "production";
  if (!production || process.env.SEED_DEMO_DATA === "true") {
    const created = await seedDemoAccounts();
    if (created) console.log(`Created ${created} demo account(s); see README.md for their logins.`);
  }
  // A refused module is reported and skipped; the app still starts with what is published.
  await publishFromCli([]);
  // Extra course folders (colon-separated), e.g. the test fixtures the end-to-end server publishes.
  for (const dir of (process.env.EXTRA_COURSES_DIRS ?? "").split(":").filter(Boolean)) {
    for (const outcome of await publishCourses(dir)) console.log(describeOutcome(outcome));
  }
}

main()
  .then(() => prisma.$disconnect())
  .catch(async (error) => {
    console.error(error);
    await prisma.$disconnect();
    process.exit(1);
  });
