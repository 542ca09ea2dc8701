/**
 * The impact report at a programme's volume (issue 16), on SQLite: 5,000 educators from 2,000
 * organisations, 100 modules, 300 live events, 200,000 activity-progress rows (with their
 * enrolments, completions, bookings, attendance, ratings, feedback and certificates). Prints the time
 * to build the whole report (median of 5, after one warm-up), the SQL statements one report runs
 * (a fixed number means no query per module, event or person), and a reference in the same run:
 * reading every row the report reads with one raw SELECT per table. Budget: under 2 s. Asserts nothing.
 * Usage: npx tsx bench/impact-report.ts   (or npm run bench:impact)
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-impact-bench-"));
const file = path.join(dir, "bench.db");
process.env.DATABASE_URL = `file:${file}`;
process.env.NODE_ENV ??= "production";
process.env.SESSION_SECRET ??= crypto.randomBytes(32).toString("hex");
execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, CHECKPOINT_DISABLE: "1" }, stdio: "ignore" });

// Count the statements Prisma's SQLite adapter prepares (it prepares every one it runs).
const Database = createRequire(path.join(process.cwd(), "package.json"))("better-sqlite3") as typeof import("better-sqlite3");
let statements = 0;
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: InstanceType<typeof Database>, ...args: Parameters<typeof prepare>) {
  statements++;
  return prepare.apply(this, args);
} as typeof prepare;

const { prisma } = await import("../app/utils/db.server.ts");
const { buildImpactReport } = await import("../app/modules/impact/report.server.ts");

const EDUCATORS = 5000;
const ORGANISATIONS = 2000;
const MODULES = 100;
const EVENTS = 300;
const ACTIVITIES = 10;
const ENROLMENTS_PER_EDUCATOR = 4; // 20,000 enrolments × 10 activities = 200,000 progress rows
const YEAR_START = Date.parse("2026-01-05T12:00:00Z");
const day = (n: number) => new Date(YEAR_START + n * 86_400_000);
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>, size = 2000) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

const started = performance.now();
const types = ["primary-school", "secondary-school", "all-through-school", "special-school", "fe-college"];
const users = Array.from({ length: EDUCATORS }, (_, i) => ({
  id: `u${i}`,
  email: `educator-${i}@school.example`,
  name: `Educator ${i}`,
  passwordHash: "x",
  organisationName: `School ${i % ORGANISATIONS}`,
  organisationType: types[(i % ORGANISATIONS) % types.length]!,
  roleInSchool: "class-teacher",
}));
await inBatches(users, (batch) => prisma.user.createMany({ data: batch }));

const stages = ["KS1", "KS2", "KS3", "KS4", "KS5"];
for (let m = 0; m < MODULES; m++) {
  await prisma.module.create({ data: { id: `m${m}` } });
  const version = await prisma.moduleVersion.create({
    data: {
      moduleId: `m${m}`,
      number: 1,
      contentHash: `h${m}`,
      title: `Module ${m}`,
      summary: "A module for the bench.",
      descriptionHtml: "",
      cpdHours: 1 + (m % 4),
      totalMinutes: 60,
      audience: ",primary-teachers,",
      keyStages: `,${stages[m % 5]},`,
      topics: ",bench,",
      searchText: `module ${m}`,
      meta: "{}",
    },
  });
  await prisma.module.update({ where: { id: `m${m}` }, data: { currentVersionId: version.id } });
}

const enrolments: { userId: string; moduleId: string; enrolledAt: Date; completedAt: Date | null }[] = [];
const seen = new Set<string>();
for (const user of users) {
  for (let n = 0; n < ENROLMENTS_PER_EDUCATOR;) {
    const moduleId = `m${Math.floor(random() * MODULES)}`;
    if (seen.has(`${user.id}:${moduleId}`)) continue;
    seen.add(`${user.id}:${moduleId}`);
    n++;
    const enrolledAt = day(Math.floor(random() * 300));
    enrolments.push({
      userId: user.id,
      moduleId,
      enrolledAt,
      completedAt: random() < 0.6 ? new Date(enrolledAt.getTime() + 20 * 86_400_000) : null,
    });
  }
}
await inBatches(enrolments, (batch) => prisma.enrolment.createMany({ data: batch }));
const progress = enrolments.flatMap((e) =>
  Array.from({ length: ACTIVITIES }, (_, a) => ({
    userId: e.userId,
    moduleId: e.moduleId,
    activityId: `a${a}`,
    completedAt: e.completedAt,
  })),
);
await inBatches(progress, (batch) => prisma.activityProgress.createMany({ data: batch }), 5000);
const ratings = enrolments.filter((e) => e.completedAt && random() < 0.5);
await inBatches(
  ratings.map((e) => ({
    userId: e.userId,
    moduleId: e.moduleId,
    versionNumber: 1,
    score: 3 + Math.floor(random() * 4),
    updatedAt: e.completedAt!,
  })),
  (batch) => prisma.moduleRating.createMany({ data: batch }),
);
const completed = enrolments.filter((e) => e.completedAt);
await inBatches(
  completed.map((e, i) => ({
    id: `c${i}`,
    userId: e.userId,
    moduleId: e.moduleId,
    moduleTitle: "Module",
    versionNumber: 1,
    holderName: "Educator",
    cpdHours: 1,
    completedAt: e.completedAt!,
    issuedAt: e.completedAt!,
    issuer: "https://pathways.example",
    credential: "{}",
  })),
  (batch) => prisma.certificate.createMany({ data: batch }),
);

const bookings: { id: string; eventId: string; userId: string; status: string; origin: string }[] = [];
const attendance: { bookingId: string; sessionKey: string; status: string; method: string; recordedAt: Date }[] = [];
const feedback: { bookingId: string; eventId: string; score: number; updatedAt: Date }[] = [];
for (let e = 0; e < EVENTS; e++) {
  const first = day(Math.floor(random() * 330));
  await prisma.event.create({
    data: {
      id: `e${e}`,
      title: `Event ${e}`,
      summary: "An event for the bench.",
      descriptionHtml: "",
      format: pick(["online", "in-person", "hybrid"]),
      audience: ",primary-teachers,",
      keyStages: `,${stages[e % 5]},`,
      topics: ",bench,",
      searchText: `event ${e}`,
      cpdHours: 2,
      capacity: 30,
      startsAt: first,
      endsAt: new Date(first.getTime() + 7 * 86_400_000),
      bookingClosesAt: first,
      meta: "{}",
      contentHash: `e${e}`,
      sessions: {
        create: [
          { key: "one", position: 0, startsAt: first, endsAt: new Date(first.getTime() + 3_600_000) },
          {
            key: "two",
            position: 1,
            startsAt: new Date(first.getTime() + 7 * 86_400_000),
            endsAt: new Date(first.getTime() + 7 * 86_400_000 + 3_600_000),
          },
        ],
      },
    },
  });
  const people = new Set<number>();
  while (people.size < 20) people.add(Math.floor(random() * EDUCATORS));
  for (const p of people) {
    const id = `b${e}-${p}`;
    bookings.push({ id, eventId: `e${e}`, userId: `u${p}`, status: "confirmed", origin: "https://pathways.example" });
    for (const sessionKey of ["one", "two"])
      attendance.push({ bookingId: id, sessionKey, status: random() < 0.85 ? "present" : "absent", method: "register", recordedAt: first });
    if (random() < 0.5) feedback.push({ bookingId: id, eventId: `e${e}`, score: 4 + Math.floor(random() * 3), updatedAt: first });
  }
}
await inBatches(bookings, (batch) => prisma.eventBooking.createMany({ data: batch }));
await inBatches(attendance, (batch) => prisma.eventAttendance.createMany({ data: batch }));
await inBatches(feedback, (batch) => prisma.eventFeedback.createMany({ data: batch }));
console.log(
  `Seeded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${EDUCATORS} educators, ${ORGANISATIONS} organisations, ${MODULES} modules, ${EVENTS} events, ` +
    `${enrolments.length} enrolments, ${progress.length} progress rows, ${bookings.length} bookings, ${attendance.length} attendance rows, ` +
    `${ratings.length} module ratings, ${feedback.length} event feedback, ${completed.length} certificates.`,
);

const filters = { from: "2026-01-01", to: "2026-12-31" };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function time(run: () => unknown, runs = 5) {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return median(times);
}

const before = statements;
const report = await buildImpactReport(filters);
const perReport = statements - before;
const reportMs = await time(() => buildImpactReport(filters));

// The reference: every row the report reads, one raw SELECT per table, no Prisma, no work on them.
const raw = new Database(file, { readonly: true });
const tables = [
  "Enrolment",
  "EventAttendance",
  "EventBooking",
  "ModuleRating",
  "EventFeedback",
  "Certificate",
  "User",
  "Module",
  "ModuleVersion",
  "Event",
  "EventSession",
];
const referenceMs = await time(() => {
  for (const table of tables) raw.prepare(`SELECT * FROM "${table}"`).all();
});
raw.close();

const educators = report.headlines.find((h) => h.label === "Educators reached")?.value;
console.log(`Report (${filters.from} to ${filters.to}, every filter open): ${educators} educators reached.`);
console.log(`  build the whole report: ${reportMs.toFixed(0)} ms (median of 5; budget 2000 ms)`);
console.log(`  SQL statements per report: ${perReport} (none per module, event or person; Prisma may split a long list of ids into a few)`);
console.log(
  `  reference, reading the same tables with one raw SELECT each: ${referenceMs.toFixed(0)} ms → report = ${(reportMs / referenceMs).toFixed(1)}× the reference`,
);
await prisma.$disconnect();
fs.rmSync(dir, { recursive: true, force: true });
