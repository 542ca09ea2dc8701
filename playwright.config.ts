import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, defineConfig, devices } from "@playwright/test";

/**
 * End-to-end journeys in a real Chromium against the production build on a throwaway database.
 * Playwright's own Chromium is used when installed; otherwise Debian's /usr/bin/chromium.
 */
function findChromium(): string | undefined {
  const own = chromium.executablePath();
  if (own && fs.existsSync(own)) return undefined; // Playwright's default
  for (const candidate of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    "No Chromium found for the browser tests. Install one with `sudo apt-get install chromium` (Debian/Ubuntu) " +
      "or `npx playwright install chromium`, or set CHROMIUM_PATH. The browser tests are never skipped.",
  );
}

const executablePath = findChromium();
const PORT = Number(process.env.E2E_PORT ?? 4321);
/** The real SMTP server the app sends through in the journeys (tests/setup/e2e-mail-server.ts). */
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 1000);
export const E2E_DIR = process.env.PATHWAYS_E2E_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "pathways-e2e-"));
process.env.PATHWAYS_E2E_DIR = E2E_DIR; // shared with the test workers (they read the outbox)
// The server's database (scripts/e2e-server.sh opens the same file): the test workers create
// accounts and sessions in it directly where signing up or in is not the subject (tests/e2e/support.ts).
process.env.DATABASE_URL = process.env.E2E_DATABASE_URL ?? `file:${path.join(E2E_DIR, "e2e.db")}`;

export default defineConfig({
  testDir: "tests",
  // Browser journeys, plus attacks and reliability drills that need the production build (*.spec.ts).
  testMatch: ["e2e/**/*.spec.ts", "security/**/*.spec.ts", "reliability/**/*.spec.ts"],
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    // A trace of every journey costs about a fifth of the CPU on two cores; CI keeps only the log, so
    // it records none. Locally a failing journey keeps its trace.
    trace: process.env.CI ? "off" : "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: "npx tsx tests/setup/e2e-mail-server.ts",
      port: SMTP_PORT,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { PATHWAYS_E2E_DIR: E2E_DIR, E2E_SMTP_PORT: String(SMTP_PORT) },
    },
    {
      command: "bash scripts/e2e-server.sh",
      url: `http://localhost:${PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      env: {
        PORT: String(PORT),
        PATHWAYS_E2E_DIR: E2E_DIR,
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      },
    },
  ],
});
