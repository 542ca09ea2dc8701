/**
 * What the block editor costs: the bytes Blockly adds to the page that uses it (raw and gzipped,
 * from the production build, and as transferred), and the time until the workspace is interactive
 * (the `pathways:blocks-ready` mark, set once Blockly is injected), cold and from the cache.
 * Measured on /dev/blocks, the demo page that mounts the editor.
 * Usage: npm run build && npx tsx bench/blocks.ts [runs=5]   (BUILD_DIR=… for another build folder)
 * Prints figures; asserts nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { startBenchServer, launchChromium } from "./support.ts";
import type { Page } from "@playwright/test";

const PORT = 4612;
const BASE = `http://localhost:${PORT}`;
const RUNS = Number(process.argv[2] ?? 5);
const BUILD_DIR = process.env.BUILD_DIR ?? "build";
const ASSETS = path.join(BUILD_DIR, "client/assets");
const MEDIA = path.join(BUILD_DIR, "client/blockly-media");

if (!fs.existsSync(ASSETS)) throw new Error(`No production build in ${BUILD_DIR}/: run 'npm run build' first.`);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Blockly's chunks: among everything the demo route's chunks import (statically or with import()),
 * the ones Vite named after Blockly's bundle and its locale.
 */
function blocklyFiles() {
  const routes = fs.readdirSync(ASSETS).filter((f) => /^dev\.blocks-[\w-]+\.js$/.test(f));
  if (routes.length === 0) throw new Error("No dev.blocks route chunk in the build.");
  const seen = new Set<string>();
  const crawl = (file: string) => {
    if (seen.has(file) || !fs.existsSync(path.join(ASSETS, file))) return;
    seen.add(file);
    const source = fs.readFileSync(path.join(ASSETS, file), "utf8");
    for (const m of source.matchAll(/"\.\/([\w.-]+\.js)"/g)) crawl(m[1]!);
  };
  routes.forEach(crawl);
  const blockly = [...seen].filter((f) => /^(blockly|en-gb)-/.test(f));
  if (blockly.length < 2) throw new Error(`Expected Blockly and its locale among the route's imports, found: ${[...seen].join(", ")}`);
  const media = fs.existsSync(MEDIA) ? fs.readdirSync(MEDIA, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()) : [];
  return { routes, blockly, media: media.map((d) => path.join(d.parentPath, d.name)) };
}

function sizes(file: string) {
  const bytes = fs.readFileSync(file);
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes).length };
}

const files = blocklyFiles();
console.log(`Build: ${BUILD_DIR}/ — Blockly's JavaScript, loaded only by the page with the editor (import() on mount):`);
let raw = 0;
let gzip = 0;
for (const f of files.blockly) {
  const s = sizes(path.join(ASSETS, f));
  raw += s.raw;
  gzip += s.gzip;
  console.log(`  ${f.padEnd(32)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzipped`);
}
console.log(`  ${"total".padEnd(32)} ${kb(raw).padStart(10)} raw ${kb(gzip).padStart(10)} gzipped`);
const ours = files.routes.map((f) => sizes(path.join(ASSETS, f)));
console.log(
  `  (our code for the page, ${files.routes.join(" + ")}: ${kb(ours.reduce((n, s) => n + s.raw, 0))} raw, ` +
    `${kb(ours.reduce((n, s) => n + s.gzip, 0))} gzipped)`,
);
const mediaRaw = files.media.reduce((n, f) => n + fs.statSync(f).size, 0);
console.log(`  (Blockly's media, ${files.media.length} files available, fetched only as needed: ${kb(mediaRaw)})`);

// ---------------------------------------------------------------------------------------------
// In the browser: what is transferred, and how long until the workspace is ready.

const { stop } = await startBenchServer(PORT, { BUILD_DIR });
const browser = await launchChromium();

type Visit = { ready: number; domContentLoaded: number; blocklyBytes: number; otherScriptBytes: number };

async function visit(page: Page, { cold }: { cold: boolean }): Promise<Visit> {
  const client = await page.context().newCDPSession(page);
  await client.send("Network.enable");
  await client.send("Network.setCacheDisabled", { cacheDisabled: cold });
  const responses = new Map<string, { url: string; bytes: number; script: boolean }>();
  client.on("Network.responseReceived", (e) => responses.set(e.requestId, { url: e.response.url, bytes: 0, script: e.type === "Script" }));
  client.on("Network.loadingFinished", (e) => {
    const r = responses.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  await page.goto(`${BASE}/dev/blocks`);
  await page.locator('.blocks-workspace[data-ready="true"]').waitFor({ timeout: 60_000 });
  const timing = await page.evaluate(() => ({
    ready: performance.getEntriesByName("pathways:blocks-ready")[0]?.startTime ?? NaN,
    domContentLoaded: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
  }));
  await page.waitForTimeout(300);
  await client.detach();
  const isBlockly = (url: string) => /\/assets\/(blockly|en-gb)-[\w-]+\.js$|\/blockly-media\//.test(url);
  const all = [...responses.values()];
  return {
    ...timing,
    blocklyBytes: all.filter((r) => isBlockly(r.url)).reduce((n, r) => n + r.bytes, 0),
    otherScriptBytes: all.filter((r) => r.script && !isBlockly(r.url)).reduce((n, r) => n + r.bytes, 0),
  };
}

const cold: Visit[] = [];
const warm: Visit[] = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  cold.push(await visit(page, { cold: true }));
  warm.push(await visit(page, { cold: false }));
  await context.close();
}
await browser.close();
stop();

console.log(`\nIn Chromium, /dev/blocks, median of ${RUNS} runs (the server gzips responses):`);
console.log(`  Blockly transferred (JavaScript, locale and media), cold: ${kb(median(cold.map((v) => v.blocklyBytes)))}`);
console.log(`  all other JavaScript on the page, cold:                   ${kb(median(cold.map((v) => v.otherScriptBytes)))}`);
const line = (label: string, visits: Visit[]) => {
  const ready = median(visits.map((v) => v.ready));
  const dcl = median(visits.map((v) => v.domContentLoaded));
  console.log(
    `  ${label.padEnd(26)} workspace interactive at ${ready.toFixed(0).padStart(5)} ms after navigation start; ` +
      `DOMContentLoaded at ${dcl.toFixed(0)} ms (ratio ${(ready / dcl).toFixed(1)}×)`,
  );
};
line("cold (no cache):", cold);
line("second visit (cached):", warm);
console.log(
  `  (machine load average while measuring: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores; absolute times are context only)`,
);
process.exit(0);
