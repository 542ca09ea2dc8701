/**
 * Lesson page at scale (issue 14), in one run on one machine: throughput and latency of
 *   (a) one app process on PostgreSQL, (b) two app processes on the same PostgreSQL database, the load
 *   client sending requests to the two ports in turn, (c) one app process on SQLite,
 * each beside a static file of the same size served by the same server(s); the database statements
 * per lesson page; and where the CPU time went in each phase (app processes, PostgreSQL, the load
 * client, anything else), read from /proc. Prints figures; asserts nothing.
 * Usage: npm run build && npm run bench:scale [-- requests=2000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startCluster } from "../scripts/postgres-cluster.ts";
import {
  type BenchServer,
  type LoadResult,
  largestProcessRssMb,
  load,
  machineCpuSeconds,
  signInAndEnrol,
  startBenchServer,
  treeCpuSeconds,
} from "./support.ts";

const TOTAL = Number(process.argv[2] ?? 2000);
const CONCURRENCY = 50;
const COUNTED = 100; // sequential lesson requests whose database statements are counted
const LESSON = "/courses/unconscious-bias-toolkit/learn/ubt-what-is-unconscious-bias";
const STATIC = "/media/same-size.html";
const CORES = os.cpus().length;
// Production's JSON log lines; the job worker polls once a minute, so its queries hardly touch the counts.
const SERVER_ENV = { LOG_FORMAT: "json", JOB_POLL_MS: "60000" };

process.on("SIGINT", () => process.exit(130)); // the servers and the cluster are stopped on exit
process.on("SIGTERM", () => process.exit(143));

type Phase = { result: LoadResult; cpu: Record<"app" | "postgres" | "client" | "interrupts" | "other" | "idle", number> };
type Row = { label: string; lesson: Phase; static: Phase; rssMb: number[] };

/** Runs a load and shares out the CPU time the machine spent meanwhile, in cores (1 = one core busy). */
async function phase(urls: string[], headers: Record<string, string>, pids: { app: number[]; postgres: number[] }): Promise<Phase> {
  const before = { trees: treeCpuSeconds(pids), machine: machineCpuSeconds(), client: process.cpuUsage() };
  const result = await load(urls, { total: TOTAL, concurrency: CONCURRENCY, headers });
  const trees = treeCpuSeconds(pids);
  const machine = machineCpuSeconds();
  const clientUsage = process.cpuUsage(before.client);
  const perCore = (seconds: number) => seconds / result.seconds;
  const app = perCore(trees.app! - before.trees.app!);
  const postgres = perCore(trees.postgres! - before.trees.postgres!);
  const client = perCore((clientUsage.user + clientUsage.system) / 1e6);
  const interrupts = perCore(machine.interrupts - before.machine.interrupts);
  const busy = perCore(machine.busy - before.machine.busy);
  const capacity = (machine.total - before.machine.total) / result.seconds; // about CORES
  const other = Math.max(0, busy - app - postgres - client - interrupts);
  return { result, cpu: { app, postgres, client, interrupts, other, idle: Math.max(0, capacity - busy) } };
}

/** Warms both paths, then the static file and the lesson page under the same load. */
async function measure(label: string, servers: BenchServer[], cookie: string, postgres: number[]): Promise<Row> {
  const pids = { app: servers.map((s) => s.pid), postgres };
  const lessonUrls = servers.map((s) => s.base + LESSON);
  const staticUrls = servers.map((s) => s.base + STATIC);
  const headers = { Cookie: cookie };
  await load(staticUrls, { total: TOTAL / 4, concurrency: CONCURRENCY });
  await load(lessonUrls, { total: TOTAL / 4, concurrency: CONCURRENCY, headers });
  const staticPhase = await phase(staticUrls, {}, pids);
  const lessonPhase = await phase(lessonUrls, headers, pids);
  return { label, lesson: lessonPhase, static: staticPhase, rssMb: largestProcessRssMb(pids.app) };
}

/** Writes the reference file, as long as the lesson page this server renders, into its media folder. */
async function writeStaticFile(server: BenchServer, cookie: string): Promise<number> {
  const res = await fetch(server.base + LESSON, { headers: { Cookie: cookie }, redirect: "manual" });
  if (res.status !== 200) throw new Error(`the lesson page answered ${res.status} on ${server.base}`);
  const bytes = (await res.arrayBuffer()).byteLength;
  fs.mkdirSync(path.join(server.dir, "media"), { recursive: true });
  fs.writeFileSync(path.join(server.dir, "media", "same-size.html"), "x".repeat(bytes));
  return bytes;
}

/** Statements per request over COUNTED sequential lesson requests, by kind (e.g. `SELECT Session`, `BEGIN`). */
async function countStatements(server: BenchServer, cookie: string, read: () => Promise<Map<string, number>>) {
  const get = async () => (await fetch(server.base + LESSON, { headers: { Cookie: cookie } })).arrayBuffer();
  // Each read waits for work after the response and for the SQLite counter's next write.
  const settled = async () => (await new Promise((r) => setTimeout(r, 300)), read());
  for (let i = 0; i < 10; i++) await get();
  const before = await settled();
  for (let i = 0; i < COUNTED; i++) await get();
  const after = await settled();
  const perRequest = new Map<string, number>();
  for (const [kind, calls] of after) {
    const delta = calls - (before.get(kind) ?? 0);
    if (delta > 0) perRequest.set(kind, delta / COUNTED);
  }
  return perRequest;
}

const describeCounts = (counts: Map<string, number>) => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const kinds = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([kind, n]) => `${kind} ${n.toFixed(2)}`);
  return `${total.toFixed(2)} (${kinds.join(", ")})`;
};

// ---- PostgreSQL: one throwaway cluster with pg_stat_statements, two app processes on one database ----
const started = performance.now();
const cluster = await startCluster({ shared_preload_libraries: "pg_stat_statements" });
process.on("exit", cluster.stop);
await cluster.createDatabase("pathways");
const postmaster = Number(fs.readFileSync(path.join(cluster.dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
const pgEnv = { ...SERVER_ENV, E2E_DATABASE_URL: cluster.url("pathways") };
const first = await startBenchServer(4610, pgEnv);
const cookie = await signInAndEnrol(first.base);
const lessonBytes = await writeStaticFile(first, cookie);

// The statistics are read from the `postgres` database, so only the app's database is counted.
const stats = new pg.Client({ connectionString: cluster.url("postgres") });
await stats.connect();
await stats.query("CREATE EXTENSION pg_stat_statements");
const pgCounts = await countStatements(first, cookie, async () => {
  const { rows } = await stats.query<{ kind: string; calls: string }>(
    `SELECT upper(split_part(ltrim(s.query), ' ', 1)) || coalesce(' ' || substring(s.query from '"public"\\."(\\w+)"'), '') AS kind,
            sum(s.calls) AS calls
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = 'pathways' GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.kind, Number(r.calls)]));
});
await stats.end();

const rows: Row[] = [await measure("(a) 1 process, PostgreSQL", [first], cookie, [postmaster])];
// The second process shares the first's folder (media, uploads, keys: a shared volume) and database,
// and only starts: the first has migrated the database and published the courses.
const second = await startBenchServer(4611, { ...pgEnv, E2E_START_ONLY: "true" }, first.dir);
rows.push(await measure("(b) 2 processes, PostgreSQL", [first, second], cookie, [postmaster]));
await Promise.all([first.close(), second.close()]);
cluster.stop();

// ---- SQLite: one app process; its statements counted by a preload in the server (no product change) ----
const countDir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-bench-queries-"));
process.on("exit", () => fs.rmSync(countDir, { recursive: true, force: true }));
const sqlite = await startBenchServer(4612, {
  ...SERVER_ENV,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${path.resolve("bench/sqlite-query-counter.mjs")}`.trim(),
  PATHWAYS_QUERY_COUNT_DIR: countDir,
});
const sqliteCookie = await signInAndEnrol(sqlite.base);
await writeStaticFile(sqlite, sqliteCookie);
const sqliteCounts = await countStatements(sqlite, sqliteCookie, async () => {
  const counts = new Map<string, number>();
  for (const file of fs.readdirSync(countDir).filter((name) => !name.endsWith(".tmp"))) {
    const perKind = JSON.parse(fs.readFileSync(path.join(countDir, file), "utf8")) as Record<string, number>;
    for (const [kind, n] of Object.entries(perKind)) counts.set(kind, (counts.get(kind) ?? 0) + n);
  }
  return counts;
});
rows.push(await measure("(c) 1 process, SQLite", [sqlite], sqliteCookie, []));
await sqlite.close();

// ---- Report ----
const f = (n: number, digits = 1) => n.toFixed(digits);
const pad = (s: string, n: number) => s.padEnd(n);
const num = (s: string, n: number) => s.padStart(n);
const load1 = (r: LoadResult) => `${num(f(r.rps), 7)} ${num(f(r.p50), 7)} ${num(f(r.p95), 7)} ${num(String(r.errors), 6)}`;
console.log(
  `Lesson page (${lessonBytes} bytes, learner signed in) against a static file of the same size from the same server(s):\n` +
    `${TOTAL} requests per phase, ${CONCURRENCY} concurrent connections, loopback; ${CORES} cores. ` +
    `In (b) the load client sends request i to port ${first.base.split(":").pop()} when i is even and ${second.base.split(":").pop()} when odd (round robin; ${CONCURRENCY} connections in all).\n`,
);
console.log(`${pad("", 30)} ${pad("lesson page", 30)}   ${pad("static file", 30)}   lesson / static`);
console.log(
  `${pad("configuration", 30)} ${num("req/s", 7)} ${num("p50 ms", 7)} ${num("p95 ms", 7)} ${num("errors", 6)}   ${num("req/s", 7)} ${num("p50 ms", 7)} ${num("p95 ms", 7)} ${num("errors", 6)}   req/s   p95`,
);
for (const row of rows) {
  const r = row.lesson.result;
  const s = row.static.result;
  console.log(`${pad(row.label, 30)} ${load1(r)}   ${load1(s)}   ${num(f(r.rps / s.rps, 2), 5)} ${num(f(r.p95 / s.p95), 5)}x`);
}
const [a, b, c] = rows.map((row) => row.lesson.result) as [LoadResult, LoadResult, LoadResult];
console.log(
  `\nTwo processes / one (PostgreSQL): ${f(b.rps / a.rps, 2)}x the lesson pages per second. SQLite / PostgreSQL (one process each): ${f(c.rps / a.rps, 2)}x.`,
);

console.log(`\nWhere the CPU went during each phase, in cores busy on average (${CORES} = the whole machine), from /proc:`);
console.log(
  `${pad("phase", 40)} ${num("app", 6)} ${num("postgres", 9)} ${num("client", 7)} ${num("irq", 5)} ${num("other", 6)} ${num("idle", 6)}   CPU ms per request: app  postgres  client`,
);
for (const row of rows) {
  for (const [name, p] of [
    ["lesson", row.lesson],
    ["static", row.static],
  ] as const) {
    const cpuMs = (cores: number) => f((cores * p.result.seconds * 1000) / p.result.requests, 2);
    console.log(
      `${pad(`${row.label}: ${name}`, 40)} ${num(f(p.cpu.app, 2), 6)} ${num(f(p.cpu.postgres, 2), 9)} ${num(f(p.cpu.client, 2), 7)} ${num(f(p.cpu.interrupts, 2), 5)} ${num(f(p.cpu.other, 2), 6)} ${num(f(p.cpu.idle, 2), 6)}   ${num(cpuMs(p.cpu.app), 23)} ${num(cpuMs(p.cpu.postgres), 9)} ${num(cpuMs(p.cpu.client), 7)}`,
    );
  }
}
console.log(
  `app: the app servers' process trees (e2e-server.sh, npx, tsx, node); postgres: the postmaster and its backends; client: this process ` +
    `(the load generator, fetch); irq: the kernel's interrupts (loopback networking is mostly softirq); other: the rest of the machine; idle: unused. A child that ended counts in its parent (cutime).`,
);

const serverMs = (p: Phase) => ((p.cpu.app + p.cpu.postgres) * p.result.seconds * 1000) / p.result.requests;
console.log(
  `CPU per lesson page in the app and its database (load client excluded): ${rows.map((row) => `${row.label.slice(0, 3)} ${f(serverMs(row.lesson))} ms`).join(", ")}; ` +
    `that is about ${rows.map((row) => f(1000 / serverMs(row.lesson), 0)).join(", ")} lesson pages/s for each core they get (one process uses at most about one core).`,
);
console.log(
  `Resident memory of each app server's node process after its lesson phase: ${rows.map((row) => `${row.label.slice(0, 3)} ${row.rssMb.map((mb) => f(mb, 0)).join(" + ")} MB`).join(", ")}.`,
);
const busiest = Math.max(...rows.flatMap((row) => [row.lesson.cpu.other, row.static.cpu.other]));
if (busiest > 0.1) {
  console.log(
    `Not a quiet machine: other processes used up to ${f(busiest, 2)} cores during a phase, so these figures are lower (and noisier) than this machine gives alone.`,
  );
}

console.log(`\nDatabase statements per lesson page (${COUNTED} sequential requests by one signed-in learner, after 10 to warm up):`);
console.log(`  PostgreSQL: ${describeCounts(pgCounts)}; pg_stat_statements calls in the app's database, after − before, / requests.`);
console.log(
  `  SQLite:     ${describeCounts(sqliteCounts)}; better-sqlite3 prepare() calls in the server (bench/sqlite-query-counter.mjs), after − before, / requests.`,
);
console.log(`\nWhole bench: ${f((performance.now() - started) / 1000, 0)} s.`);
process.exit(0);
