import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { collectOutput, serverProcessEnv, stopProcessGroup, waitForHealth } from "../setup/server-process.ts";

/**
 * Issue 14, operations (docs/decisions/0051): what a load balancer and a log collector see of the
 * production build. Runs the built server in a child process on its own database: /readyz, request
 * ids, JSON log lines that never hold a query or an emailed token, and a graceful shutdown that
 * finishes the request in flight before the process exits.
 */
const root = path.resolve(import.meta.dirname, "../..");

type Server = { child: ChildProcess; base: string; output: () => string; exited: Promise<number | null> };

async function startServer(port: number): Promise<Server> {
  const base = `http://localhost:${port}`;
  const busy = await fetch(`${base}/healthz`).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`Something already answers on port ${port} (a server left over from another run?)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-ops-"));
  const env: NodeJS.ProcessEnv = { ...serverProcessEnv(dir, port), NODE_ENV: "production", SECURE_COOKIES: "false" };
  const deployed = spawnSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: root, env, encoding: "utf8" });
  expect(deployed.status, deployed.stderr).toBe(0);
  // Its own process group, so the server tsx starts goes too when a failed test kills the group.
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["server/index.ts"], { cwd: root, env, stdio: "pipe", detached: true });
  const output = collectOutput(child);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    await waitForHealth(base, child, output);
  } catch (error) {
    stopProcessGroup(child);
    throw error;
  }
  return { child, base, output, exited };
}

function logLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test.describe("operations", () => {
  test.describe.configure({ timeout: 180_000 });

  // One server for both, to spend the start-up once: what it logs, then how it stops.
  test("/readyz, request ids, JSON log lines that keep secrets out; on SIGTERM the request in flight is answered and the process exits cleanly", async () => {
    const server = await startServer(4600 + test.info().workerIndex);
    try {
      const ready = await fetch(`${server.base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready", ready: true, database: true, pendingMigrations: [], draining: false });

      // A proxy's plain request id is kept; anything else is replaced by a fresh one.
      const kept = await fetch(`${server.base}/courses`, { headers: { "X-Request-Id": "nginx-7f3a9c" } });
      expect(kept.headers.get("x-request-id")).toBe("nginx-7f3a9c");
      const replaced = await fetch(`${server.base}/courses`, { headers: { "X-Request-Id": "bad id\u00e9<script>" } });
      expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

      const token = "Secret-token-that-must-not-be-logged-123456";
      await fetch(`${server.base}/reset-password/${token}?from=email`);
      await fetch(`${server.base}/admin/certificates?q=someone.private%40school.example`);
      await fetch(`${server.base}/no-such-page`);
      await new Promise((resolve) => setTimeout(resolve, 300));

      const output = server.output();
      expect(output).not.toContain(token);
      expect(output).not.toContain("someone.private");
      expect(output).not.toMatch(/pathways_session|cookie/i);
      const lines = logLines(output);
      expect(lines.length, output).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).toMatchObject({ service: "pathways", level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
      }
      const requests = lines.filter((line) => line.req);
      expect(requests).toContainEqual(
        expect.objectContaining({ req: { id: "nginx-7f3a9c", method: "GET", path: "/courses" }, res: { statusCode: 200 } }),
      );
      expect(requests).toContainEqual(expect.objectContaining({ req: expect.objectContaining({ path: "/reset-password/:token" }) }));
      expect(requests).toContainEqual(
        expect.objectContaining({ req: expect.objectContaining({ path: "/no-such-page" }), res: { statusCode: 404 } }),
      );
      // Load balancers poll these: they are not logged.
      const paths = requests.map((line) => (line.req as { path: string }).path);
      expect(paths).not.toContain("/healthz");
      expect(paths).not.toContain("/readyz");

      // SIGTERM while a sign-in's body is still arriving.
      const body = new URLSearchParams({ email: "nobody@school.example", password: "not-the-password", redirectTo: "" }).toString();
      const answered = new Promise<number>((resolve, reject) => {
        const request = http.request(
          `${server.base}/sign-in`,
          {
            method: "POST",
            headers: {
              Origin: server.base,
              "Content-Type": "application/x-www-form-urlencoded",
              "Content-Length": Buffer.byteLength(body),
            },
          },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode ?? 0));
          },
        );
        request.on("error", reject);
        request.write(body.slice(0, 10));
        setTimeout(() => request.end(body.slice(10)), 1500);
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      server.child.kill("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(fetch(`${server.base}/healthz`)).rejects.toThrow();

      const status = await answered;
      expect(status, server.output()).toBeGreaterThanOrEqual(200);
      expect(status).toBeLessThan(500);
      expect(await server.exited, server.output()).toBe(0);
      const messages = logLines(server.output()).map((line) => line.msg);
      expect(messages).toContain("SIGTERM: finishing the requests in flight, then stopping");
      expect(messages).toContain("Stopped cleanly");
    } finally {
      stopProcessGroup(server.child);
    }
  });
});
