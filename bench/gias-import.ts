/**
 * The GIAS import (docs/decisions/0061) at the size of the national file, on SQLite: a synthetic
 * establishments file of 52,000 rows (the columns of tests/fixtures/gias, ISO-8859-1, some names with
 * accents) and a links file of 30,000 rows (predecessors and successors, some chains of three),
 * stored by startGiasImport and imported by the job's own body, runGiasImport, called directly (no
 * worker). Prints the time of the import, rows per second, the SQL statements it ran (by kind), where
 * the time went (parsing, the schools' batches, the links), the GiasImport row it leaves, and a
 * reference in the same run: the same 52,000 rows inserted with raw better-sqlite3, one prepared
 * INSERT in one transaction. Also compares the import with the job queue's lease. Asserts nothing.
 * Usage: npx tsx bench/gias-import.ts   (or npm run bench:gias)
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-gias-bench-"));
const file = path.join(dir, "bench.db");
process.env.DATABASE_URL = `file:${file}`;
process.env.NODE_ENV ??= "production";
process.env.SESSION_SECRET ??= crypto.randomBytes(32).toString("hex");
process.env.UPLOADS_DIR = path.join(dir, "uploads"); // the import keeps the files here until its job has read them
execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, CHECKPOINT_DISABLE: "1" }, stdio: "ignore" });

// Count the statements Prisma's SQLite adapter prepares (it prepares every one it runs), by kind, and
// note when the import's progress row is written (the boundaries between its phases).
const Database = createRequire(path.join(process.cwd(), "package.json"))("better-sqlite3") as typeof import("better-sqlite3");
let statements = 0;
let recording = false;
const kinds = new Map<string, number>();
const progressWrites: number[] = [];
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: InstanceType<typeof Database>, ...args: Parameters<typeof prepare>) {
  statements++;
  if (recording) {
    const sql = String(args[0]);
    const kind = sql
      .replace(/\s+/g, " ")
      .replace(/[`"]main[`"]\./g, "")
      .slice(0, 60);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if (/^\s*UPDATE\b/i.test(sql) && /GiasImport/.test(sql)) progressWrites.push(performance.now());
  }
  return prepare.apply(this, args);
} as typeof prepare;

const { prisma } = await import("../app/utils/db.server.ts");
const { startGiasImport, runGiasImport } = await import("../app/modules/schools/gias.server.ts");
const { canonicalUrns, decodeGias, parseEstablishments, parseLinks } = await import("../app/modules/schools/gias.ts");
const { DEFAULT_LEASE_MS } = await import("../app/modules/jobs/jobs.ts");

const SCHOOLS = 52_000;
const CHAINS_OF_THREE = 3_000; // 6,000 links
const CHAINS_OF_TWO = 9_000; // 9,000 links; 15,000 links, each listed both ways: 30,000 rows
let seed = 61;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
const digits = (n: number) => String(n).padStart(2, "0");
const giasDate = (days: number) => {
  const d = new Date(Date.UTC(1990, 0, 1) + days * 86_400_000);
  return `${digits(d.getUTCDate())}-${digits(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}`;
};

// The same header and column layout as tests/fixtures/gias/edubasealldata.csv and links.csv.
const ESTABLISHMENTS_HEADER = [
  "URN",
  "LA (code)",
  "LA (name)",
  "EstablishmentNumber",
  "EstablishmentName",
  "TypeOfEstablishment (code)",
  "TypeOfEstablishment (name)",
  "EstablishmentStatus (code)",
  "EstablishmentStatus (name)",
  "OpenDate",
  "CloseDate",
  "PhaseOfEducation (code)",
  "PhaseOfEducation (name)",
  "StatutoryLowAge",
  "StatutoryHighAge",
  "Street",
  "Town",
  "Postcode",
  "GOR (code)",
  "GOR (name)",
];
const LINKS_HEADER = ["URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate"];
const csvLine = (fields: readonly (string | number)[]) => fields.map((f) => `"${String(f).replaceAll('"', '""')}"`).join(",");

const REGIONS = [
  ["A", "North East"],
  ["B", "North West"],
  ["D", "Yorkshire and the Humber"],
  ["E", "East Midlands"],
  ["F", "West Midlands"],
  ["G", "East of England"],
  ["H", "London"],
  ["J", "South East"],
  ["K", "South West"],
] as const;
const STEMS = [
  "North",
  "East",
  "West",
  "South",
  "Upper",
  "Lower",
  "Great",
  "Little",
  "Kings",
  "Queens",
  "Bel",
  "Ash",
  "Oak",
  "Elm",
  "Thorn",
];
const ENDS = ["shire", "borough", "vale", "ford", "ham", "bury", "wick", "moor", "field", "ton"];
const LAS = Array.from({ length: 150 }, (_, i) => ({
  code: String(201 + i * 5),
  name: `${STEMS[i % STEMS.length]}${ENDS[Math.floor(i / STEMS.length) % ENDS.length]}`,
  region: REGIONS[i % REGIONS.length]!,
}));
const PLACES = ["Riverside", "Hillcrest", "Meadow", "Church", "Park", "Castle", "Brook", "Green", "Abbey", "Mill", "Bridge", "Orchard"];
// Names outside ASCII, all within ISO-8859-1 (what Buffer.from(…, "latin1") can write).
const ACCENTED = ["Académie", "École Française", "St Chloë's", "Zoë Hall", "Rhôneside", "Garçon Lane"];
const PHASES = [
  {
    code: "2",
    name: "Primary",
    weight: 0.55,
    ages: ["4", "11"],
    kinds: ["Primary School", "Primary Academy", "Infant School", "Junior School"],
  },
  {
    code: "4",
    name: "Secondary",
    weight: 0.2,
    ages: ["11", "18"],
    kinds: ["High School", "Academy", "Secondary School", "Grammar School"],
  },
  { code: "7", name: "All-through", weight: 0.05, ages: ["4", "18"], kinds: ["All-Through School", "Academy"] },
  {
    code: "0",
    name: "Not applicable",
    weight: 0.2,
    ages: ["2", "19"],
    kinds: ["Special School", "College", "Independent School", "Nursery"],
  },
] as const;
const TYPES = [
  ["1", "Community school"],
  ["28", "Academy converter"],
  ["27", "Academy sponsor led"],
  ["2", "Voluntary aided school"],
  ["5", "Foundation school"],
  ["35", "Free schools"],
  ["11", "Other independent school"],
  ["7", "Community special school"],
] as const;

type Establishment = {
  urn: number;
  la: (typeof LAS)[number];
  name: string;
  type: (typeof TYPES)[number];
  open: boolean;
  openDate: string;
  closeDate: string;
  phase: (typeof PHASES)[number];
  street: string;
  town: string;
  postcode: string;
};
const schools: Establishment[] = Array.from({ length: SCHOOLS }, (_, i) => {
  const la = pick(LAS);
  let r = random();
  const phase = PHASES.find((p) => (r -= p.weight) < 0) ?? PHASES[0];
  const place = random() < 0.05 ? pick(ACCENTED) : `${pick(PLACES)}${random() < 0.5 ? "" : ` ${pick(STEMS)}`}`;
  const open = random() < 0.8;
  return {
    urn: 100000 + i,
    la,
    name: `${random() < 0.15 ? "St Mary's " : ""}${place} ${pick(phase.kinds)}`,
    type: pick(TYPES),
    open,
    openDate: random() < 0.4 ? giasDate(Math.floor(random() * 12_000)) : "",
    closeDate: open ? "" : giasDate(10_000 + Math.floor(random() * 2_000)),
    phase,
    street: `${1 + Math.floor(random() * 200)} ${pick(PLACES)} Road`,
    town: la.name,
    postcode: `${la.name.slice(0, 2).toUpperCase()}${1 + Math.floor(random() * 30)} ${Math.floor(random() * 10)}${String.fromCharCode(65 + Math.floor(random() * 26))}${String.fromCharCode(65 + Math.floor(random() * 26))}`,
  };
});

// Chains: each member but the last closed the day before its successor opened.
const order = schools.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const linkLines: string[] = [];
let next = 0;
for (const length of [...Array<number>(CHAINS_OF_THREE).fill(3), ...Array<number>(CHAINS_OF_TWO).fill(2)]) {
  const chain = order.slice(next, next + length).map((i) => schools[i]!);
  next += length;
  let day = 9_000 + Math.floor(random() * 2_000);
  const amalgamated = random() < 0.1 ? " - amalgamated" : "";
  chain.forEach((school, k) => {
    const successor = chain[k + 1];
    school.open = !successor;
    school.openDate = k === 0 && random() < 0.5 ? "" : giasDate(day);
    if (!successor) return (school.closeDate = "");
    day += 365 + Math.floor(random() * 2_000);
    school.closeDate = giasDate(day - 1);
    linkLines.push(csvLine([school.urn, successor.urn, successor.name, `Successor${amalgamated}`, giasDate(day)]));
    linkLines.push(csvLine([successor.urn, school.urn, school.name, `Predecessor${amalgamated}`, giasDate(day)]));
  });
}

const establishmentsText = [
  csvLine(ESTABLISHMENTS_HEADER),
  ...schools.map((s) =>
    csvLine([
      s.urn,
      s.la.code,
      s.la.name,
      String(2000 + (s.urn % 8000)),
      s.name,
      s.type[0],
      s.type[1],
      s.open ? "1" : "2",
      s.open ? "Open" : "Closed",
      s.openDate,
      s.closeDate,
      s.phase.code,
      s.phase.name,
      s.phase.ages[0],
      s.phase.ages[1],
      s.street,
      s.town,
      s.postcode,
      s.la.region[0],
      s.la.region[1],
    ]),
  ),
  "",
].join("\n");
const establishments = Buffer.from(establishmentsText, "latin1");
const links = Buffer.from([csvLine(LINKS_HEADER), ...linkLines, ""].join("\n"), "latin1");
const accented = schools.filter((s) => /[^\x20-\x7e]/.test(s.name)).length;
console.log(
  `Files: establishments ${SCHOOLS} rows, ${(establishments.byteLength / 1e6).toFixed(1)} MB (${accented} names outside ASCII); ` +
    `links ${linkLines.length} rows, ${(links.byteLength / 1e6).toFixed(1)} MB (${CHAINS_OF_THREE} chains of 3, ${CHAINS_OF_TWO} of 2, both directions).`,
);

// Parsing alone (synchronous: the job's event loop is held for this long), outside the import.
let t = performance.now();
const parsedSchools = parseEstablishments(decodeGias(establishments));
const parsedLinks = parseLinks(decodeGias(links));
const parseMs = performance.now() - t;
const schoolRows = parsedSchools.ok ? parsedSchools.rows : [];
const linkRows = parsedLinks.ok ? parsedLinks.rows : [];
t = performance.now();
const canonical = canonicalUrns(schoolRows, linkRows);
const canonicalMs = performance.now() - t;

let exitMessage: string | null = null;
let importMs = 0;
let importStatements = 0;
let importStartedAt = 0;
let importId: string | null = null;
let longestGapMs = 0;
let gapsOverOneSecond = 0;
try {
  const user = await prisma.user.create({
    data: {
      email: "gias-admin@bench.example",
      name: "GIAS bench",
      passwordHash: "x",
      organisationName: "Bench",
      organisationType: "other",
      roleInSchool: "other",
    },
  });
  t = performance.now();
  importId = await startGiasImport({ establishments, links, userId: user.id });
  const startMs = performance.now() - t;
  console.log(`startGiasImport (checks the headers, keeps the files, queues the job): ${startMs.toFixed(0)} ms`);

  const before = statements;
  recording = true;
  importStartedAt = performance.now();
  // How long the event loop goes without running a timer (the worker shares the web server's process).
  let lastTick = importStartedAt;
  const tick = setInterval(() => {
    const now = performance.now();
    const gap = now - lastTick;
    longestGapMs = Math.max(longestGapMs, gap);
    if (gap > 1000) gapsOverOneSecond++;
    lastTick = now;
  }, 10);
  try {
    await runGiasImport(importId);
  } catch (error) {
    exitMessage = `runGiasImport threw: ${(error as Error).stack ?? String(error)}`;
  }
  importMs = performance.now() - importStartedAt;
  const lastGap = performance.now() - lastTick;
  longestGapMs = Math.max(longestGapMs, lastGap);
  if (lastGap > 1000) gapsOverOneSecond++;
  clearInterval(tick);
  recording = false;
  importStatements = statements - before;
} catch (error) {
  exitMessage = `The import could not be started: ${(error as Error).stack ?? String(error)}`;
}

const result = importId ? await prisma.giasImport.findUnique({ where: { id: importId } }) : null;
const storedSchools = await prisma.school.count();
const storedLinks = await prisma.schoolLink.count();
const withAccent = await prisma.school.findFirst({ where: { name: { contains: "é" } }, select: { urn: true, name: true } });
const merged = (await prisma.school.findMany({ select: { urn: true, canonicalUrn: true } })).filter((r) => r.canonicalUrn !== r.urn).length;

// The reference: the same rows (as the import stores them) into a scratch table with the same
// columns, one prepared INSERT, one transaction, raw better-sqlite3, the same database file.
const raw = new Database(file, { timeout: 5000 });
raw.pragma("synchronous = NORMAL");
raw.exec(`CREATE TABLE ref_school (
  urn INTEGER PRIMARY KEY, name TEXT NOT NULL, laCode TEXT NOT NULL, laName TEXT NOT NULL, region TEXT NOT NULL,
  phase TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, postcode TEXT NOT NULL, openedOn TEXT, closedOn TEXT,
  canonicalUrn INTEGER NOT NULL, searchText TEXT NOT NULL, importedAt TEXT NOT NULL)`);
raw.exec("CREATE INDEX ref_school_canonical ON ref_school (canonicalUrn)");
const insert = raw.prepare(
  "INSERT INTO ref_school (urn, name, laCode, laName, region, phase, type, status, postcode, openedOn, closedOn, canonicalUrn, searchText, importedAt) " +
    "VALUES (@urn, @name, @laCode, @laName, @region, @phase, @type, @status, @postcode, @openedOn, @closedOn, @canonicalUrn, @searchText, @importedAt)",
);
t = performance.now();
raw.transaction(() => {
  for (const row of schoolRows)
    insert.run({
      ...row,
      canonicalUrn: canonical.get(row.urn) ?? row.urn,
      searchText: `${row.name} ${row.postcode} ${row.laName}`.toLowerCase(),
      importedAt: new Date().toISOString(),
    });
})();
const referenceMs = performance.now() - t;
raw.close();

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`Import (runGiasImport, called directly): ${s(importMs)} for ${SCHOOLS} establishments and ${linkRows.length} links`);
console.log(`  schools per second: ${((result?.processed ?? 0) / (importMs / 1000)).toFixed(0)}`);
console.log(`  SQL statements: ${importStatements} (${(importStatements / SCHOOLS).toFixed(2)} per establishment)`);
for (const [kind, count] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`    ${String(count).padStart(7)}  ${kind}…`);
// The progress row is written once after parsing, after every batch, and once at the end.
if (progressWrites.length >= 3) {
  const [afterParse, lastBatch, end] = [progressWrites[0]!, progressWrites.at(-2)!, progressWrites.at(-1)!];
  console.log(`  where the time went (from the writes of the progress row):`);
  console.log(`    reading and parsing both files: ${s(afterParse - importStartedAt)}`);
  console.log(
    `    reading stored schools and links, who counts as whom, ${progressWrites.length - 2} batches of schools: ${s(lastBatch - afterParse)}`,
  );
  console.log(`    links and the final write: ${s(end - lastBatch)}; commit and the rest: ${s(importStartedAt + importMs - end)}`);
}
console.log(
  `  event loop: longest stretch without running a timer ${s(longestGapMs)}; ${gapsOverOneSecond} stretches over 1 s (requests and timers wait meanwhile)`,
);
console.log(`  the same work outside the import: parsing both files ${s(parseMs)} (synchronous), who counts as whom ${s(canonicalMs)}`);
console.log(
  `  GiasImport row: ${JSON.stringify(result && { status: result.status, processed: result.processed, total: result.total, links: result.links, skipped: result.skipped, message: result.message })}`,
);
console.log(
  `  stored: ${storedSchools} schools, ${storedLinks} links, ${merged} schools counting as another URN; an accented name reads back as ${JSON.stringify(withAccent?.name ?? null)}`,
);
console.log(
  `  reference, the same ${schoolRows.length} rows with one prepared INSERT in one transaction (raw better-sqlite3): ${(referenceMs / 1000).toFixed(2)} s → import = ${(importMs / referenceMs).toFixed(0)}× the reference`,
);
console.log(
  `  job lease (DEFAULT_LEASE_MS): ${s(DEFAULT_LEASE_MS)}; the import ${importMs > DEFAULT_LEASE_MS ? "takes longer (the worker renews the lease every third of it while the job runs)" : "fits within it"} (${((importMs / DEFAULT_LEASE_MS) * 100).toFixed(0)}% of it)`,
);
if (exitMessage) console.log(`  ${exitMessage}`);

await prisma.$disconnect();
fs.rmSync(dir, { recursive: true, force: true });
