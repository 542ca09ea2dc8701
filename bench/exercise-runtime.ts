/**
 * What the code-exercise runtime costs: the bytes of Monaco and Pyodide as built (raw and gzipped),
 * and the time from starting to load an exercise page to the first Python result, cold (empty
 * browser cache) and warm (same browser, second visit), in Chromium against the production build.
 * Usage: npm run build && npx tsx bench/exercise-runtime.ts [runs=3]   (BUILD_DIR is honoured)
 * Prints figures; asserts nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { Page } from "@playwright/test";
import { launchChromium, startBenchServer } from "./support.ts";
import { PYODIDE_BASE, PYODIDE_FILES, SANDBOX_RUNNER } from "../server/exercise-runtime-files.ts";

const RUNS = Number(process.argv[2] ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 4620);
const BASE = `http://localhost:${PORT}`;
const client = path.resolve(process.env.BUILD_DIR ?? "build", "client");
if (!fs.existsSync(client)) throw new Error(`No build in ${client}: run npm run build first.`);

// ---------------------------------------------------------------------------------------------
// Bytes

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
function measure(files: string[]) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    raw += bytes.length;
    gzip += zlib.gzipSync(bytes, { level: 6 }).length;
  }
  return { raw, gzip, count: files.length };
}
const assets = fs.readdirSync(path.join(client, "assets")).map((f) => path.join(client, "assets", f));
const monaco = measure(assets.filter((f) => /\/(monaco[.-]|editor\.worker-|codicon-|python-|javascript-)/.test(f)));
const pyodide = measure(PYODIDE_FILES.map((f) => path.join(client, PYODIDE_BASE.slice(1), f)));
const runner = measure([path.join(client, SANDBOX_RUNNER.slice(1))]);
console.log("Bytes as built (gzip level 6, as the server's compression sends them)");
console.log(
  `  Monaco (editor, worker, CSS, font, Python/JS grammars): ${monaco.count} files, ${kb(monaco.raw)} raw, ${kb(monaco.gzip)} gzipped`,
);
console.log(`  Pyodide ${PYODIDE_BASE}: ${pyodide.count} files, ${kb(pyodide.raw)} raw, ${kb(pyodide.gzip)} gzipped`);
console.log(`  Sandbox runner: ${kb(runner.raw)} raw, ${kb(runner.gzip)} gzipped`);

// ---------------------------------------------------------------------------------------------
// Time to the first Python result

const { stop } = await startBenchServer(PORT, { EXTRA_COURSES_DIRS: "tests/fixtures/courses" });
const browser = await launchChromium();

const EXERCISE = `${BASE}/courses/code-exercises-fixture/learn/py-double`;

/** From starting to load the exercise page to the first Python result on screen. */
async function timeToFirstResult(page: Page) {
  const started = performance.now();
  await page.goto(EXERCISE);
  // Run as soon as the button is there: a run waits for Python to load, so this is the first result possible.
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page
    .getByTestId("exercise-summary")
    .filter({ hasText: /^Your program finished/ })
    .waitFor({ timeout: 120_000 });
  return performance.now() - started;
}

async function signedInContext() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/sign-in`);
  await page.getByLabel("Email address").fill("learner@pathways.test");
  await page.getByLabel("Password", { exact: true }).fill("learner-pathways-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: /Sign out/ }).waitFor();
  return { context, page };
}

// Enrol once (the enrolment is the account's, shared by every context).
{
  const { context, page } = await signedInContext();
  await page.goto(`${BASE}/courses/code-exercises-fixture`);
  const enrol = page.getByRole("button", { name: "Enrol" });
  if (await enrol.count()) await enrol.click();
  await context.close();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const { context, page } = await signedInContext();
  cold.push(await timeToFirstResult(page)); // a fresh context: empty HTTP cache
  warm.push(await timeToFirstResult(page)); // the same context again: files from the cache
  await context.close();
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `\nPage load to first Python result (${RUNS} runs each, median; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)})`,
);
console.log(`  cold: ${s(median(cold))}   (${cold.map(s).join(", ")})`);
console.log(`  warm: ${s(median(warm))}   (${warm.map(s).join(", ")})`);
console.log(`  warm/cold: ${(median(warm) / median(cold)).toFixed(2)}`);
await browser.close();
stop();
process.exit(0);
