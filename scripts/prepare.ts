/**
 * Runs before the server starts (npm run dev / npm start), after migrations: the demo accounts only
 * when asked for (`--demo`, which `npm run dev` passes, or SEED_DEMO_DATA=true; never because of
 * NODE_ENV), then every module under courses/ whose content changed is published through the same
 * code as `npm run courses:publish`, then the events; with `--demo`, a year of fictional activity.
 */
import { seedDemoAccounts } from "~/modules/auth/demo-accounts.server.ts";
import { seedDemoActivity } from "~/modules/demo/demo-activity.server.ts";
import { publishCourses } from "~/modules/catalog/publish.server.ts";
import { formatProblems } from "~/modules/catalog/load-course.server.ts";
import { publishEvents } from "~/modules/events/publish-events.server.ts";
import { upgradeLegacyCredentials } from "~/modules/certificates/certificates.server.ts";
import { issuerKeysDir, moveIssuerKeysOutOfDatabase } from "~/modules/certificates/issuer-keys.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { describeOutcome, publishFromCli } from "./courses-publish.ts";
import { EVENTS_ROOT } from "./events-check.ts";

async function main() {
  if (process.argv.includes("--demo") || getEnv().SEED_DEMO_DATA === "true") {
    const created = await seedDemoAccounts();
    if (created) console.log(`Created ${created} demo account(s); see README.md for their logins.`);
  }
  // Private signing keys an earlier version kept in the database go to KEYS_DIR (ADR 0028).
  const moved = await moveIssuerKeysOutOfDatabase();
  if (moved) console.log(`Moved ${moved} issuer signing key(s) out of the database into ${issuerKeysDir()}.`);
  // Credentials in the format used before December 2026 are signed again in the current one (ADR 0044).
  const upgraded = await upgradeLegacyCredentials();
  if (upgraded) console.log(`Brought ${upgraded} certificate credential(s) up to date (ADR 0044); their certificates are unchanged.`);
  // A refused module is reported and skipped; the app still starts with what is published.
  await publishFromCli([]);
  // Extra course folders (colon-separated), e.g. the test fixtures the end-to-end server publishes.
  for (const dir of getEnv().EXTRA_COURSES_DIRS) {
    for (const outcome of await publishCourses(dir)) console.log(describeOutcome(outcome));
  }
  // Then the events under events/, which may link to those modules (a refused file is reported and skipped).
  for (const outcome of await publishEvents(EVENTS_ROOT)) {
    if (outcome.status === "refused")
      console.log(`✗ events/${outcome.file}: refused, nothing changed\n${formatProblems(outcome.problems)}`);
    else if (outcome.status !== "unchanged") console.log(`✓ events/${outcome.file}: ${outcome.status}`);
  }
  // `npm run dev` only (not SEED_DEMO_DATA, which the browser tests use): a year of fictional
  // activity for the impact report and the evaluations, once the modules it uses are published.
  if (process.argv.includes("--demo") && (await seedDemoActivity()))
    console.log("Created a year of fictional demo activity (schools, teachers, enrolments, events, an evaluation).");
}

main()
  .then(() => prisma.$disconnect())
  .catch(async (error) => {
    console.error(error);
    await prisma.$disconnect();
    process.exit(1);
  });
