/**
 * What the code-exercise runtime costs: the bytes of Monaco and Pyodide as built (raw and gzipped),
 * the time from starting to load an exercise page to the first Python result, cold (empty browser
 * cache) and warm (same browser, second visit), and the time from pressing Stop on an endless loop
 * to the next program's result, in Chromium against the production build. Each timing is taken on
 * the page as served (cross-origin isolated: Stop interrupts Python) and on the same page with its
 * COEP header removed (not isolated: Stop restarts Python), see docs/decisions/0014.
 * Usage: npm run build && npx tsx bench/exercise-runtime.ts [runs=3]   (BUILD_DIR, BENCH_PORT)
 * Prints figures; asserts nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { BrowserContext, Page } from "@playwright/test";
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

/** Pastes `code` over the editor's text (as the e2e tests do: typing would auto-indent). */
async function replaceCode(page: Page, code: string) {
  await page.getByTestId("monaco-editor").locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    document.activeElement?.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, code);
}

/** From pressing Stop on an endless loop to the result of the next program (Python warm). */
async function timeAfterStop(page: Page) {
  await page.getByTestId("monaco-editor").waitFor();
  await replaceCode(page, "while True:\n    pass\n");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("button", { name: "Stop" }).waitFor();
  await page.waitForTimeout(500);
  const started = performance.now();
  await page.getByRole("button", { name: "Stop" }).click();
  await page.getByTestId("exercise-summary").filter({ hasText: "You stopped the program." }).waitFor();
  await replaceCode(page, "print(6 * 7)\n");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page
    .getByTestId("exercise-summary")
    .filter({ hasText: /^Your program finished/ })
    .waitFor({ timeout: 120_000 });
  return performance.now() - started;
}

/** Serves the lesson pages without COEP, as a browser that is not cross-origin isolated sees them. */
async function withoutIsolation(context: BrowserContext) {
  await context.route(
    (url) => url.pathname.includes("/learn/"),
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["cross-origin-embedder-policy"];
      await route.fulfill({ response, headers });
    },
  );
}

async function signedInContext(isolated = true) {
  const context = await browser.newContext();
  if (!isolated) await withoutIsolation(context);
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
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
type Timings = { cold: number[]; warm: number[]; stop: number[] };
const timings = new Map<boolean, Timings>([
  [true, { cold: [], warm: [], stop: [] }],
  [false, { cold: [], warm: [], stop: [] }],
]);
// Interleaved, so that a change in the machine's load hits both alike.
for (let i = 0; i < RUNS; i++) {
  for (const isolated of [true, false]) {
    const t = timings.get(isolated)!;
    const { context, page } = await signedInContext(isolated);
    t.cold.push(await timeToFirstResult(page)); // a fresh context: empty HTTP cache
    t.warm.push(await timeToFirstResult(page)); // the same context again: files from the cache
    if ((await page.evaluate(() => self.crossOriginIsolated)) !== isolated) throw new Error(`expected crossOriginIsolated: ${isolated}`);
    t.stop.push(await timeAfterStop(page));
    await page.waitForTimeout(2_500); // let the draft (print(6 * 7), not the loop) reach the account
    await context.close();
  }
}
console.log(`\n${RUNS} runs each, median (${os.cpus().length} CPUs, load average now ${os.loadavg()[0]!.toFixed(1)})`);
const figures: Record<string, { cold: number; warm: number; stop: number }> = {};
for (const [isolated, t] of timings) {
  const label = isolated ? "cross-origin isolated (as served)" : "not isolated (COEP removed)";
  figures[label] = { cold: median(t.cold), warm: median(t.warm), stop: median(t.stop) };
  console.log(`${label}:`);
  console.log(`  page load to first Python result, cold: ${s(median(t.cold))}   (${t.cold.map(s).join(", ")})`);
  console.log(`  page load to first Python result, warm: ${s(median(t.warm))}   (${t.warm.map(s).join(", ")})`);
  console.log(`  warm/cold: ${(median(t.warm) / median(t.cold)).toFixed(2)}`);
  console.log(`  Stop on an endless loop to the next result: ${s(median(t.stop))}   (${t.stop.map(s).join(", ")})`);
}
const [on, off] = Object.values(figures) as [{ cold: number; warm: number; stop: number }, { cold: number; warm: number; stop: number }];
console.log(
  `\nIsolated/not isolated: cold ${(on.cold / off.cold).toFixed(2)}, warm ${(on.warm / off.warm).toFixed(2)}, after Stop ${(on.stop / off.stop).toFixed(2)}`,
);
await browser.close();
stop();
process.exit(0);
