/**
 * Shared by the benches: a production server on a throwaway database (scripts/e2e-server.sh) and
 * Chromium launched the way the browser tests launch it. Loopback only.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";

export async function startBenchServer(port: number, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-bench-"));
  const base = `http://localhost:${port}`;
  const server = spawn("bash", ["scripts/e2e-server.sh"], {
    env: { ...process.env, PATHWAYS_E2E_DIR: dir, PORT: String(port), ...env },
    stdio: "ignore",
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  process.on("exit", stop);
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, dir, stop };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error(`the bench server on port ${port} did not start`);
}

export function launchChromium() {
  return chromium.launch({
    executablePath: fs.existsSync(chromium.executablePath()) ? undefined : "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
