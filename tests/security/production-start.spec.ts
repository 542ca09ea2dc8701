import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "~/modules/auth/demo-accounts.ts";
import { collectOutput, serverProcessEnv, stopProcessGroup, waitForHealth } from "../setup/server-process.ts";

/**
 * Issue 11, item 2: `npm start` (as the README says, NODE_ENV unset in the shell) on a fresh
 * database must not create the demo accounts, none of their published logins may work, and a
 * production start refuses to run while a demo account keeps its published password.
 * Runs the real production build (built before the browser tests) in a child process.
 */
const root = path.resolve(import.meta.dirname, "../..");

test.describe("a production start", () => {
  test.describe.configure({ timeout: 180_000 });

  test("creates no demo accounts, none of the README's demo logins works, and no developer page is served", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-prod-"));
    const port = 4500 + test.info().workerIndex;
    const base = `http://localhost:${port}`;
    const child = spawn("npm", ["start"], { cwd: root, env: serverProcessEnv(dir, port), detached: true, stdio: "pipe" });
    const output = collectOutput(child);
    try {
      await waitForHealth(base, child, output);
      for (const account of DEMO_ACCOUNTS) {
        const response = await fetch(`${base}/sign-in`, {
          method: "POST",
          redirect: "manual",
          headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ email: account.email, password: account.password, redirectTo: "" }),
        });
        expect(response.status, `${account.email} must not sign in`).not.toBe(302);
        expect(response.headers.get("set-cookie") ?? "", `${account.email} must get no session`).not.toContain("pathways_session=");
      }
      expect(output()).not.toMatch(/demo account/i);
      // The developer pages are not part of a production start.
      for (const page of ["/dev/blocks", "/dev/outbox"]) {
        expect((await fetch(`${base}${page}`)).status, `${page} must not exist in production`).toBe(404);
      }
    } finally {
      stopProcessGroup(child, "SIGTERM");
    }
  });

  test("refuses to run while a demo account keeps its published password", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-prod-"));
    const port = 4510 + test.info().workerIndex;
    const env = serverProcessEnv(dir, port);
    // Someone once ran the demo seed against this database (npm run dev, say).
    const seeded = spawnSync("npm", ["run", "db:deploy", "--", "--demo"], { cwd: root, env, encoding: "utf8" });
    expect(seeded.status, seeded.stderr).toBe(0);

    const child = spawn("npm", ["start"], { cwd: root, env, detached: true, stdio: "pipe" });
    const output = collectOutput(child);
    try {
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).not.toBe(0);
      expect(output()).toContain("Refusing to start in production");
      expect(output()).toContain("admin@pathways.test");
      await expect(fetch(`http://localhost:${port}/healthz`)).rejects.toThrow();
    } finally {
      stopProcessGroup(child, "SIGTERM");
    }
  });
});
