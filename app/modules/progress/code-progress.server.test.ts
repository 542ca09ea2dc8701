import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../../../tests/factories/courses.ts";
import { createUser } from "../../../tests/factories/users.ts";
import { prepareRun } from "~/modules/exercises/harness.ts";
import { createSandboxRunner } from "~/modules/sandbox/sandbox.server.ts";
import { setVerificationRunner } from "~/modules/sandbox/verification-runner.server.ts";
import { prisma } from "~/utils/db.server.ts";
import type { CodeRunReport } from "./code-runs.ts";
import { getLessonForLearner } from "./lesson.server.ts";
import { ProgressWriteSchema } from "./progress-write.ts";
import { recordProgress } from "./record-progress.server.ts";

const cid = () => crypto.randomUUID();

// The server re-runs a claimed pass (code-verification.server.ts). In tests the fixtures' code is
// run by the Node runner that courses:check uses; in the app only the isolated runner is used.
const runner = createSandboxRunner();
beforeAll(async () => {
  setVerificationRunner(runner);
  await runner.execute(prepareRun("python", "pass", null, [])); // load Pyodide once for the file
}, 60_000);
afterAll(async () => {
  setVerificationRunner(null);
  await runner.close();
});

async function setup() {
  const id = `code-${crypto.randomBytes(4).toString("hex")}`;
  await publishFixtureModule({
    id,
    activities: [
      { id: "double", type: "code" },
      { id: "predict", type: "code", kind: "predict" },
      { id: "read", type: "reading" },
    ],
  });
  const user = await createUser();
  await enrol(user.id, id);
  const write = (activityId: string, body: Parameters<typeof recordProgress>[0]["write"], clientId = cid()) =>
    recordProgress({ userId: user.id, moduleId: id, activityId, clientId, write: body });
  const completed = async (activityId: string) =>
    !!(await prisma.activityProgress.findUnique({ where: { userId_moduleId_activityId: { userId: user.id, moduleId: id, activityId } } }))
      ?.completedAt;
  return { id, user, write, completed };
}

const report = (overrides: Partial<CodeRunReport> = {}): CodeRunReport => ({
  mode: "check",
  status: "failed",
  passed: false,
  tests: [{ name: "doubles 2", passed: false }],
  error: null,
  stdout: "",
  ...overrides,
});

describe("code exercise progress", () => {
  it("saves drafts idempotently, without completing anything", async () => {
    const { user, id, write, completed } = await setup();
    const clientId = cid();
    await write("double", { intent: "code-draft", code: "def double(n):\n    return n" }, clientId);
    const replay = await write("double", { intent: "code-draft", code: "something else" }, clientId);
    expect(replay.replayed).toBe(true);
    const draft = await prisma.exerciseDraft.findUnique({
      where: { userId_moduleId_activityId: { userId: user.id, moduleId: id, activityId: "double" } },
    });
    expect(draft?.code).toBe("def double(n):\n    return n");
    await write("double", { intent: "code-draft", code: "def double(n):\n    return n * 2" });
    expect(await prisma.exerciseDraft.count({ where: { userId: user.id } })).toBe(1);
    expect(await completed("double")).toBe(false);
  });

  it("records every run once, completes only on a pass, and never takes completion back", async () => {
    const { user, write, completed } = await setup();
    const failing = await write("double", { intent: "code-run", code: "def double(n):\n    pass", result: report() });
    expect(failing).toMatchObject({ replayed: false, code: { passed: false, completed: false } });
    expect(await completed("double")).toBe(false);

    const clientId = cid();
    const passing = report({ status: "passed", passed: true, tests: [{ name: "doubles 2", passed: true }] });
    expect(
      await write("double", { intent: "code-run", code: "def double(n):\n    return n * 2", result: passing }, clientId),
    ).toMatchObject({
      code: { passed: true, completed: true },
    });
    expect((await write("double", { intent: "code-run", code: "replayed", result: passing }, clientId)).replayed).toBe(true);
    expect(await completed("double")).toBe(true);

    await write("double", {
      intent: "code-run",
      code: "broken",
      result: report({ status: "error", error: { message: "SyntaxError", line: 1 } }),
    });
    expect(await completed("double")).toBe(true);
    const runs = await prisma.exerciseRun.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(runs.map((r) => r.passed)).toEqual([false, true, false]);
    expect(JSON.parse(runs[2]!.results)).toMatchObject({ status: "error", error: { message: "SyntaxError", line: 1 } });
    // The latest run's code is also the draft.
    expect((await prisma.exerciseDraft.findFirst({ where: { userId: user.id } }))?.code).toBe("broken");
  });

  it("completes a predict exercise without tests when a prediction was made before the run", async () => {
    const { write, completed } = await setup();
    const ran = report({ mode: "run", status: "ran", tests: [], stdout: "hi\n" });
    await write("predict", { intent: "code-run", code: 'print("hi")', result: ran });
    expect(await completed("predict")).toBe(false);
    await write("predict", { intent: "code-run", code: 'print("hi")', result: { ...ran, prediction: "hi" } });
    expect(await completed("predict")).toBe(true);
  });

  it("refuses writes that do not fit the activity", async () => {
    const { write } = await setup();
    await expect(write("double", { intent: "complete" })).rejects.toThrow("Pass the exercise's checks to complete it.");
    await expect(write("read", { intent: "code-draft", code: "x" })).rejects.toThrow("This activity is not a code exercise.");
    expect(ProgressWriteSchema.safeParse({ intent: "code-draft", code: "x".repeat(100_001) }).success).toBe(false);
    expect(ProgressWriteSchema.safeParse({ intent: "code-run", code: "x", result: { ...report(), status: "hacked" } }).success).toBe(false);
  });

  it("gives the lesson page the exercise without its solution, plus the learner's draft and last run", async () => {
    const { id, user, write } = await setup();
    await write("double", { intent: "code-draft", code: "my draft" });
    await write("double", { intent: "code-run", code: "my draft", result: report() });
    const lesson = await getLessonForLearner({ userId: user.id, moduleId: id, activityId: "double" });
    if (!lesson?.activity || lesson.activity.kind !== "code" || !("draft" in lesson)) throw new Error("expected a code lesson");
    expect(lesson.activity.exercise).toMatchObject({
      language: "python",
      kind: "write",
      starter: "def double(n):\n    pass\n",
      tests: [{ name: "doubles 2", code: "assert double(2) == 4", message: "double(2) should be 4" }],
      hintsHtml: [expect.stringContaining("<code>return</code>")],
    });
    expect(JSON.stringify(lesson.activity.exercise)).not.toContain("n * 2"); // the solution
    expect(JSON.stringify(lesson.activity.exercise)).not.toContain("n + 2"); // the wrong solution
    expect(lesson.draft?.code).toBe("my draft");
    expect(lesson.lastRun).toMatchObject({ passed: false, prediction: null });
  });
});
