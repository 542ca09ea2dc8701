/**
 * Issue 11, item 1 (reliability): hostile programs run in the sandbox's child processes, never in
 * the server's, so the server's event loop keeps answering while they run, and a flood of jobs
 * queues (SANDBOX_CONCURRENCY) instead of exhausting the machine.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runProgram, type CodeLanguage } from "~/modules/exercises/harness.ts";
import { createSandboxRunner } from "~/modules/sandbox/sandbox.server.ts";

// A stand-in for /healthz in this process: it answers only if the event loop is free.
const health = http.createServer((_req, res) => res.end("ok"));
let url = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => health.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(health.address() as AddressInfo).port}/healthz`;
});
afterAll(() => health.close());

/** Polls the health endpoint every 100 ms until `work` settles; returns the slowest answer in ms. */
async function slowestHealthAnswerDuring(work: Promise<unknown>): Promise<number> {
  let done = false;
  void work.finally(() => (done = true));
  let slowest = 0;
  while (!done) {
    const started = Date.now();
    expect(await (await fetch(url)).text()).toBe("ok");
    slowest = Math.max(slowest, Date.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return slowest;
}

it("answers within 1 s while a hostile Python program runs (and is stopped at the limit)", async () => {
  const runner = createSandboxRunner({ timeoutMs: 1_500 });
  try {
    const hostile = runProgram(runner.execute, { language: "python", code: "while True:\n    pass", inputs: [] });
    expect(await slowestHealthAnswerDuring(hostile)).toBeLessThan(1_000);
    expect((await hostile).status).toBe("timeout");
  } finally {
    await runner.close();
  }
}, 180_000);

it("queues a flood of jobs (one child at a time by default) and answers meanwhile", async () => {
  const jobs = Array.from({ length: 6 }, (_, i) => {
    const runner = createSandboxRunner({ timeoutMs: 1_500 });
    const language: CodeLanguage = "javascript";
    const code = i % 2 ? "while (true) {}" : `console.log(${i});`;
    return runProgram(runner.execute, { language, code, inputs: [] }).finally(() => runner.close());
  });
  const all = Promise.all(jobs);
  expect(await slowestHealthAnswerDuring(all)).toBeLessThan(1_000);
  const results = await all;
  expect(results.map((r) => r.status)).toEqual(["ran", "timeout", "ran", "timeout", "ran", "timeout"]);
  expect(results[4]!.stdout).toBe("4\n");
}, 180_000);
