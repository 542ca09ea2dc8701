/**
 * Issue 11, item 4: a learner forged a certificate by posting `code-run` results with passed: true.
 * The attack is replayed here through the real progress API (the route's action, with the learner's
 * session cookie): the browser's word is kept, but only the server's own re-run of the code counts.
 */
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../factories/courses.ts";
import { createUser } from "../factories/users.ts";
import { issueCertificate } from "~/modules/certificates/certificates.server.ts";
import { prepareRun, type ExecuteRun } from "~/modules/exercises/harness.ts";
import { createSandboxRunner } from "~/modules/sandbox/sandbox.server.ts";
import { setVerificationRunner } from "~/modules/sandbox/verification-runner.server.ts";
import type { CodeRunReport } from "~/modules/progress/code-runs.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { action } from "~/routes/api.progress.ts";
import { prisma } from "~/utils/db.server.ts";

const ORIGIN = "https://pathways.example.org";

// Stands in for the isolated runner (the fixtures' own code is all this runs besides the attempts).
const runner = createSandboxRunner();
let runs = 0;
const counting: ExecuteRun = (run) => {
  runs++;
  return runner.execute(run);
};
beforeAll(async () => {
  setVerificationRunner({ execute: counting, close: () => undefined });
  await runner.execute(prepareRun("python", "pass", null, [])); // load Pyodide once for the file
}, 60_000);
afterAll(async () => {
  setVerificationRunner(null);
  await runner.close();
});

/** A learner enrolled in a module of one reading (done) and one code exercise in `language`. */
async function setup(language: "python" | "javascript" = "javascript") {
  const moduleId = `forge-${crypto.randomBytes(4).toString("hex")}`;
  await publishFixtureModule({
    id: moduleId,
    title: "Three hours of programming",
    activities: [
      { id: "read", type: "reading" },
      { id: "double", type: "code", language },
    ],
  });
  const user = await createUser();
  await enrol(user.id, moduleId);
  await recordProgress({ userId: user.id, moduleId, activityId: "read", clientId: crypto.randomUUID(), write: { intent: "complete" } });

  /** POST /api/progress as the learner's browser (or an attacker with its cookie) would. */
  const post = async (body: Record<string, unknown>) => {
    const response = await action({
      request: new Request(`${ORIGIN}/api/progress`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: user.cookie.split(";")[0]!, Origin: ORIGIN },
        body: JSON.stringify({ moduleId, activityId: "double", clientId: crypto.randomUUID(), ...body }),
      }),
      params: {},
      context: { cspNonce: "test", clientIp: "127.0.0.1" },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { code?: Record<string, unknown> } };
  };
  const completed = async () =>
    !!(
      await prisma.activityProgress.findUnique({
        where: { userId_moduleId_activityId: { userId: user.id, moduleId, activityId: "double" } },
      })
    )?.completedAt;
  const certificate = () => issueCertificate({ userId: user.id, moduleId, origin: ORIGIN });
  return { moduleId, user, post, completed, certificate };
}

/** What a forger sends: the browser's report of a full pass. */
const forgedPass: CodeRunReport = {
  mode: "check",
  status: "passed",
  passed: true,
  tests: [
    { name: "doubles 2", passed: true },
    { name: "doubles 5", passed: true },
  ],
  error: null,
  stdout: "",
};

describe("a forged code-run does not earn a certificate", () => {
  it("refuses passed: true with empty or wrong code, and certifies the real solution", async () => {
    const { post, completed, certificate, user } = await setup();
    for (const code of ["", "function double(n) {\n  return n + 2;\n}\n", "// I did it, honest"]) {
      const { status, body } = await post({ intent: "code-run", code, result: forgedPass });
      expect(status).toBe(200);
      expect(body.code).toMatchObject({ reportedPassed: true, passed: false, completed: false, verification: "verified" });
      expect(body.code?.message).toContain("did not pass there");
    }
    expect(await completed()).toBe(false);
    await expect(certificate()).rejects.toMatchObject({ status: 403 });
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(0);

    // What the browser said is kept, marked as such.
    const stored = await prisma.exerciseRun.findMany({ where: { userId: user.id }, select: { passed: true, reportedPassed: true } });
    expect(stored).toHaveLength(3);
    expect(stored.every((r) => r.reportedPassed && !r.passed)).toBe(true);

    const { body } = await post({ intent: "code-run", code: "function double(n) {\n  return n * 2;\n}\n", result: forgedPass });
    expect(body.code).toMatchObject({ passed: true, completed: true, verification: "verified" });
    expect(body.moduleComplete).toBe(true);
    expect((await certificate()).created).toBe(true);
  });

  it("refuses a forged pass of a Python exercise and completes it with a real solution", async () => {
    const { post, completed } = await setup("python");
    const python = { ...forgedPass, tests: [{ name: "doubles 2", passed: true }] };
    expect((await post({ intent: "code-run", code: "def double(n):\n    pass\n", result: python })).body.code).toMatchObject({
      passed: false,
      completed: false,
    });
    expect(await completed()).toBe(false);
    expect((await post({ intent: "code-run", code: "def double(n):\n    return n * 2\n", result: python })).body.code).toMatchObject({
      passed: true,
      completed: true,
    });
  });

  it("never completes without the server's check: no runner means recorded, not complete, and the learner is told why", async () => {
    const { post, completed, user } = await setup();
    const previous = setVerificationRunner(null);
    try {
      const { status, body } = await post({ intent: "code-run", code: "function double(n) {\n  return n * 2;\n}\n", result: forgedPass });
      expect(status).toBe(200);
      expect(body.code).toMatchObject({ passed: false, completed: false, verification: "unavailable", reportedPassed: true });
      expect(body.code?.message).toMatch(/cannot check code at the moment/);
    } finally {
      setVerificationRunner(previous);
    }
    expect(await completed()).toBe(false);
    expect(await prisma.exerciseRun.count({ where: { userId: user.id, verification: "unavailable" } })).toBe(1);
  });

  it("uses the server's own isolated runner when none is injected: a forged pass is refused, the solution completes", async () => {
    const { post, completed } = await setup();
    const previous = setVerificationRunner(undefined);
    try {
      expect((await post({ intent: "code-run", code: "", result: forgedPass })).body.code).toMatchObject({
        verification: "verified",
        completed: false,
      });
      const { body } = await post({ intent: "code-run", code: "function double(n) {\n  return n * 2;\n}\n", result: forgedPass });
      expect(body.code).toMatchObject({ verification: "verified", passed: true, completed: true });
    } finally {
      setVerificationRunner(previous);
    }
    expect(await completed()).toBe(true);
  });

  it("does not run a claimed fail (it cannot complete anything), nor a replayed write", async () => {
    const { post, completed } = await setup();
    const before = runs;
    const failed = { ...forgedPass, status: "failed", passed: false };
    const { body } = await post({ intent: "code-run", code: "function double(n) {\n  return n * 2;\n}\n", result: failed });
    expect(body.code).toMatchObject({ passed: false, completed: false, verification: "not-needed" });
    expect(runs).toBe(before);
    expect(await completed()).toBe(false);

    const clientId = crypto.randomUUID();
    const good = { intent: "code-run", code: "function double(n) {\n  return n * 2;\n}\n", result: forgedPass, clientId };
    expect((await post(good)).body.code).toMatchObject({ completed: true });
    const afterFirst = runs;
    expect((await post(good)).body).toMatchObject({ replayed: true });
    expect(runs).toBe(afterFirst);
  });

  it("checks one run per learner at a time: a second claim while one is being checked is recorded, not counted", async () => {
    const { post, completed } = await setup();
    const code = "function double(n) {\n  return n * 2;\n}\n";
    // The first check is held until the second request has been answered.
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    let releaseFirst!: () => void;
    const held = new Promise<void>((resolve) => (releaseFirst = resolve));
    const previous = setVerificationRunner({
      execute: async (run) => {
        started();
        await held;
        return counting(run);
      },
      close: () => undefined,
    });
    try {
      const first = post({ intent: "code-run", code, result: forgedPass });
      await firstStarted;
      const second = await post({ intent: "code-run", code, result: forgedPass });
      expect(second.body.code).toMatchObject({ verification: "unavailable", completed: false });
      expect(second.body.code?.message).toMatch(/still checking your previous run/);
      releaseFirst();
      expect((await first).body.code).toMatchObject({ verification: "verified", completed: true });
    } finally {
      setVerificationRunner(previous);
    }
    expect(await completed()).toBe(true);
  });
});
