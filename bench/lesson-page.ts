/**
 * Lesson page under load: 50 concurrent connections on loopback, compared with a static file of the
 * same size served by the same server in the same run (quality bar: within 4x at p95, 0 errors).
 * Usage: npm run build && npx tsx bench/lesson-page.ts [requests=2000]
 * Prints figures; asserts nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { load, signInAndEnrol, startBenchServer } from "./support.ts";

const PORT = 4600;
const BASE = `http://localhost:${PORT}`;
const TOTAL = Number(process.argv[2] ?? 2000);
const CONCURRENCY = 50;

const run = (url: string, headers: Record<string, string> = {}) => load([url], { total: TOTAL, concurrency: CONCURRENCY, headers });

const { dir, stop } = await startBenchServer(PORT);
const cookie = await signInAndEnrol(BASE);
const lessonUrl = `${BASE}/courses/unconscious-bias-toolkit/learn/ubt-what-is-unconscious-bias`;
const lessonBytes = (await (await fetch(lessonUrl, { headers: { Cookie: cookie } })).arrayBuffer()).byteLength;
fs.mkdirSync(path.join(dir, "media"), { recursive: true });
fs.writeFileSync(path.join(dir, "media", "same-size.html"), "x".repeat(lessonBytes));
const staticUrl = `${BASE}/media/same-size.html`;

await run(staticUrl); // warm up both paths
await run(lessonUrl, { Cookie: cookie });
const reference = await run(staticUrl);
const lesson = await run(lessonUrl, { Cookie: cookie });
const f = (n: number) => n.toFixed(1);
console.log(`lesson page: ${lessonBytes} bytes; ${TOTAL} requests per run, ${CONCURRENCY} concurrent`);
console.log(`static file : ${f(reference.rps)} req/s, p50 ${f(reference.p50)} ms, p95 ${f(reference.p95)} ms, errors ${reference.errors}`);
console.log(`lesson page : ${f(lesson.rps)} req/s, p50 ${f(lesson.p50)} ms, p95 ${f(lesson.p95)} ms, errors ${lesson.errors}`);
console.log(
  `ratio (lesson / static): p50 ${f(lesson.p50 / reference.p50)}x, p95 ${f(lesson.p95 / reference.p95)}x (budget: 4x at p95, 0 errors)`,
);
stop();
process.exit(0);
