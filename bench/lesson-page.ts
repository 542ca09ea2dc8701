/**
 * Lesson page under load: 50 concurrent connections on loopback, compared with a static file of the
 * same size served by the same server in the same run (quality bar: within 10x, 0 errors).
 * Usage: npm run build && npx tsx bench/lesson-page.ts [requests=2000]
 * Prints figures; asserts nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { startBenchServer } from "./support.ts";

const PORT = 4600;
const BASE = `http://localhost:${PORT}`;
const TOTAL = Number(process.argv[2] ?? 2000);
const CONCURRENCY = 50;

async function signInAndEnrol(): Promise<string> {
  const form = new URLSearchParams({ email: "learner@pathways.test", password: "learner-pathways-demo" });
  const res = await fetch(`${BASE}/sign-in`, { method: "POST", body: form, redirect: "manual", headers: { Origin: BASE } });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  await fetch(`${BASE}/courses/unconscious-bias-toolkit`, {
    method: "POST",
    body: new URLSearchParams({ intent: "enrol" }),
    redirect: "manual",
    headers: { Origin: BASE, Cookie: cookie },
  });
  return cookie;
}

async function load(url: string, headers: Record<string, string>) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TOTAL) {
        next++;
        const t = performance.now();
        try {
          const res = await fetch(url, { headers });
          await res.arrayBuffer();
          if (res.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { rps: TOTAL / seconds, p50: pct(50), p95: pct(95), errors };
}

const { dir, stop } = await startBenchServer(PORT);
const cookie = await signInAndEnrol();
const lessonUrl = `${BASE}/courses/unconscious-bias-toolkit/learn/ubt-what-is-unconscious-bias`;
const lessonBytes = (await (await fetch(lessonUrl, { headers: { Cookie: cookie } })).arrayBuffer()).byteLength;
fs.mkdirSync(path.join(dir, "media"), { recursive: true });
fs.writeFileSync(path.join(dir, "media", "same-size.html"), "x".repeat(lessonBytes));
const staticUrl = `${BASE}/media/same-size.html`;

await load(staticUrl, {}); // warm up both paths
await load(lessonUrl, { Cookie: cookie });
const reference = await load(staticUrl, {});
const lesson = await load(lessonUrl, { Cookie: cookie });
const f = (n: number) => n.toFixed(1);
console.log(`lesson page: ${lessonBytes} bytes; ${TOTAL} requests per run, ${CONCURRENCY} concurrent`);
console.log(`static file : ${f(reference.rps)} req/s, p50 ${f(reference.p50)} ms, p95 ${f(reference.p95)} ms, errors ${reference.errors}`);
console.log(`lesson page : ${f(lesson.rps)} req/s, p50 ${f(lesson.p50)} ms, p95 ${f(lesson.p95)} ms, errors ${lesson.errors}`);
console.log(
  `ratio (lesson / static): p50 ${f(lesson.p50 / reference.p50)}x, p95 ${f(lesson.p95 / reference.p95)}x (budget: 10x, 0 errors)`,
);
stop();
process.exit(0);
