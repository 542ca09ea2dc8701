import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "~/modules/auth/demo-accounts.ts";

/**
 * Issue 11, item 2: `npm start` (as the README says, NODE_ENV unset in the shell) on a fresh
 * database must not create the demo accounts, none of their published logins may work, and a
 * production start refuses to run while a demo account keeps its published password.
 * Runs the real production build (built before the browser tests) in a child process.
 */
const root = path.resolve(import.meta.dirname, "../..");

function productionEnv(dir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["NODE_ENV", "SEED_DEMO_DATA", "ENABLE_DEV_PAGES", "SECURE_COOKIES", "APP_ORIGIN", "EXTRA_COURSES_DIRS"])
    delete env[name];
  return {
    ...env,
    CHECKPOINT_DISABLE: "1",
    PORT: String(port),
    DATABASE_URL: `file:${path.join(dir, "pathways.db")}`,
    OUTBOX_DIR: path.join(dir, "outbox"),
    MEDIA_DIR: path.join(dir, "media"),
    UPLOADS_DIR: path.join(dir, "uploads"),
    KEYS_DIR: path.join(dir, "keys"),
  };
}

function collect(child: ChildProcess): () => string {
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

async function waitForHealth(base: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`npm start did not answer /healthz within 90 s:\n${output()}`);
}

function stop(child: ChildProcess) {
  // npm start runs a shell pipeline: end the whole process group.
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

test.describe("a production start", () => {
  test.describe.configure({ timeout: 180_000 });

  test("creates no demo accounts, none of the README's demo logins works, and no developer page is served", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-prod-"));
    const port = 4500 + test.info().workerIndex;
    const base = `http://localhost:${port}`;
    const child = spawn("npm", ["start"], { cwd: root, env: productionEnv(dir, port), detached: true, stdio: "pipe" });
    const output = collect(child);
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
      stop(child);
    }
  });

  test("refuses to run while a demo account keeps its published password", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-prod-"));
    const port = 4510 + test.info().workerIndex;
    const env = productionEnv(dir, port);
    // Someone once ran the demo seed against this database (npm run dev, say).
    const seeded = spawnSync("npm", ["run", "db:deploy", "--", "--demo"], { cwd: root, env, encoding: "utf8" });
    expect(seeded.status, seeded.stderr).toBe(0);

    const child = spawn("npm", ["start"], { cwd: root, env, detached: true, stdio: "pipe" });
    const output = collect(child);
    try {
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).not.toBe(0);
      expect(output()).toContain("Refusing to start in production");
      expect(output()).toContain("admin@pathways.test");
      await expect(fetch(`http://localhost:${port}/healthz`)).rejects.toThrow();
    } finally {
      stop(child);
    }
  });
});
