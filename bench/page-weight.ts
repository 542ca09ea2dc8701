/**
 * JavaScript shipped by pages that are not exercises (quality bar: <= 200 KB gzipped, no Monaco,
 * Blockly or Pyodide). Loads each page in Chromium against the production build and sums the
 * transferred (compressed) bytes of every script. Usage: npm run build && npx tsx bench/page-weight.ts
 * Prints figures; asserts nothing.
 */
import { launchChromium, startBenchServer } from "./support.ts";

const PORT = 4610;
const { base: BASE, stop } = await startBenchServer(PORT);
const browser = await launchChromium();
const page = await (await browser.newContext()).newPage();
async function weigh(url: string) {
  const client = await page.context().newCDPSession(page);
  await client.send("Network.enable");
  await client.send("Network.setCacheDisabled", { cacheDisabled: true });
  const scripts = new Map<string, { url: string; bytes: number }>();
  client.on("Network.responseReceived", (e) => {
    if (e.type === "Script") scripts.set(e.requestId, { url: e.response.url, bytes: 0 });
  });
  client.on("Network.loadingFinished", (e) => {
    const s = scripts.get(e.requestId);
    if (s) s.bytes = e.encodedDataLength;
  });
  await page.goto(`${BASE}${url}`, { waitUntil: "load" });
  await page.waitForTimeout(1500); // lazy route modules and the progress beacon
  await client.detach();
  const total = [...scripts.values()].reduce((n, s) => n + s.bytes, 0);
  const heavy = [...scripts.values()].filter((s) => /monaco|blockly|pyodide/i.test(s.url)).length;
  console.log(
    `${url.padEnd(58)} ${(total / 1024).toFixed(1).padStart(7)} KB JS (transferred, ${scripts.size} files), editor/runtime files: ${heavy}`,
  );
}

await weigh("/");
await weigh("/courses");
await weigh("/courses/unconscious-bias-toolkit");
await page.goto(`${BASE}/sign-in`);
await page.getByLabel("Email address").fill("learner@pathways.test");
await page.getByLabel("Password", { exact: true }).fill("learner-pathways-demo");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL(/learning/);
await page.goto(`${BASE}/courses/unconscious-bias-toolkit`);
const enrol = page.getByRole("button", { name: "Enrol" });
if (await enrol.count()) await enrol.click();
await page.waitForURL(/learn/);
await weigh("/courses/unconscious-bias-toolkit/learn/ubt-what-is-unconscious-bias");
await weigh("/learning");
console.log("budget: 200 KB gzipped JavaScript per page that is not an exercise");
await browser.close();
stop();
process.exit(0);
