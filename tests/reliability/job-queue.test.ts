import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JobKind, JobStatus } from "~/modules/jobs/jobs.ts";
import { enqueue } from "~/modules/jobs/queue.server.ts";
import { prisma } from "~/utils/db.server.ts";

/**
 * Issue 14: two app processes against one database do 1,000 jobs exactly once. Two worker
 * processes (tests/reliability/job-queue-worker.ts), each with its own connection to this file's
 * database (SQLite or PostgreSQL, as the run says), start together and race for the same jobs.
 */
const root = path.resolve(import.meta.dirname, "../..");
const JOBS = 1000;

function startWorker(name: string, log: string) {
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "tests/reliability/job-queue-worker.ts"), name, log], {
    cwd: root,
    env: process.env,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => (output.includes("ready\n") ? resolve() : undefined);
    child.stdout.on("data", check);
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, ready, exited, output: () => output };
}

const go = (child: ChildProcessWithoutNullStreams) => child.stdin.write("go\n");

describe("the job queue across processes", () => {
  it("two worker processes with their own connections do 1,000 jobs, each exactly once", async () => {
    for (let i = 0; i < JOBS; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          enqueue(JobKind.email, { to: `t${i + j}@school.example`, subject: "Hello", text: "Hi" }, { key: `bulk:${i + j}` }),
        ),
      );
    }
    expect(await prisma.job.count({ where: { status: JobStatus.pending } })).toBe(JOBS);

    const log = path.join(process.env.PATHWAYS_TEST_DIR!, `job-log-${process.pid}-${Date.now()}.txt`);
    const workers = [startWorker("worker-a", log), startWorker("worker-b", log)];
    await Promise.all(workers.map((w) => w.ready));
    const started = Date.now();
    workers.forEach((w) => go(w.child));
    const codes = await Promise.all(workers.map((w) => w.exited));
    const seconds = (Date.now() - started) / 1000;
    expect(codes, workers.map((w) => w.output()).join("\n")).toEqual([0, 0]);

    const runs = fs.readFileSync(log, "utf8").trim().split("\n");
    const ids = runs.map((line) => line.split(" ")[1]);
    const byWorker = (name: string) => runs.filter((line) => line.startsWith(`${name} `)).length;
    console.info(
      `[job-queue] ${JOBS} jobs in ${seconds.toFixed(1)} s on ${process.env.PATHWAYS_TEST_DATABASE ?? "sqlite"}: ` +
        `worker-a ran ${byWorker("worker-a")}, worker-b ${byWorker("worker-b")}`,
    );
    expect(runs).toHaveLength(JOBS);
    expect(new Set(ids).size).toBe(JOBS);
    // Both took part: they really ran at the same time.
    expect(byWorker("worker-a")).toBeGreaterThan(0);
    expect(byWorker("worker-b")).toBeGreaterThan(0);
    expect(await prisma.job.count({ where: { status: JobStatus.done } })).toBe(JOBS);
    expect(await prisma.job.count({ where: { attempts: { not: 1 } } })).toBe(0);
  }, 180_000);
});
