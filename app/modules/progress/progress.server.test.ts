import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../../../tests/factories/courses.ts";
import { createUser } from "../../../tests/factories/users.ts";
import { prisma } from "~/utils/db.server.ts";
import { getLessonForLearner, getResumePoint } from "./lesson.server.ts";
import { journalAsMarkdown, listJournal, listLearnerModules } from "./progress.server.ts";
import { recordProgress } from "./record-progress.server.ts";

const cid = () => crypto.randomUUID();
const moduleId = () => `m-${crypto.randomBytes(4).toString("hex")}`;

async function setup(
  activities = [
    { id: "read-1", type: "reading" as const },
    { id: "quiz-1", type: "quiz" as const },
    { id: "reflect-1", type: "reflection" as const },
  ],
) {
  const id = moduleId();
  const { root } = await publishFixtureModule({ id, activities });
  const user = await createUser();
  await enrol(user.id, id);
  return { id, root, user };
}

describe("recordProgress", () => {
  it("is idempotent: replaying a client id changes nothing", async () => {
    const { id, user } = await setup();
    const clientId = cid();
    const first = await recordProgress({
      userId: user.id,
      moduleId: id,
      activityId: "quiz-1",
      clientId,
      write: { intent: "quiz", answers: { q1: ["b"], q2: ["yes"] } },
    });
    const again = await recordProgress({
      userId: user.id,
      moduleId: id,
      activityId: "quiz-1",
      clientId,
      write: { intent: "quiz", answers: { q1: ["b"], q2: ["yes"] } },
    });
    expect(first).toMatchObject({ replayed: false, quiz: { score: 100, passed: true } });
    expect(again.replayed).toBe(true);
    expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.progressWrite.count({ where: { userId: user.id, kind: "quiz" } })).toBe(1);
  });

  it("never takes completion back: a failed retry after a pass keeps the quiz complete", async () => {
    const { id, user } = await setup();
    await recordProgress({
      userId: user.id,
      moduleId: id,
      activityId: "quiz-1",
      clientId: cid(),
      write: { intent: "quiz", answers: { q1: ["b"], q2: ["yes"] } },
    });
    const failed = await recordProgress({
      userId: user.id,
      moduleId: id,
      activityId: "quiz-1",
      clientId: cid(),
      write: { intent: "quiz", answers: { q1: ["a"], q2: ["no"] } },
    });
    expect(failed.quiz).toEqual({ score: 0, passed: false });
    const lesson = await getLessonForLearner({ userId: user.id, moduleId: id, activityId: "quiz-1" });
    expect(lesson?.activity && "completed" in lesson ? lesson.completed : null).toBe(true);
    expect(lesson && "attempts" in lesson ? lesson.attempts : null).toEqual({ count: 2, best: 100 });
  });

  it("refuses a quiz with unanswered questions, and records nothing", async () => {
    const { id, user } = await setup();
    await expect(
      recordProgress({
        userId: user.id,
        moduleId: id,
        activityId: "quiz-1",
        clientId: cid(),
        write: { intent: "quiz", answers: { q1: ["b"] } },
      }),
    ).rejects.toThrow("Answer question 2 before checking your answers.");
    expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.progressWrite.count({ where: { userId: user.id } })).toBe(0);
  });

  it("completes the module when every required activity is done, and says so once", async () => {
    const { id, user } = await setup();
    await recordProgress({ userId: user.id, moduleId: id, activityId: "read-1", clientId: cid(), write: { intent: "complete" } });
    await recordProgress({
      userId: user.id,
      moduleId: id,
      activityId: "quiz-1",
      clientId: cid(),
      write: { intent: "quiz", answers: { q1: ["b"], q2: ["Yes."] } },
    });
    const last = await recordProgress({
      userId: user.id,
      moduleId: id,
      activityId: "reflect-1",
      clientId: cid(),
      write: { intent: "reflection", text: "Try paired programming." },
    });
    expect(last).toMatchObject({ moduleComplete: true, moduleJustCompleted: true });
    // Once complete, later writes (here, editing the reflection) do not complete it again.
    const again = await recordProgress({
      userId: user.id,
      moduleId: id,
      activityId: "reflect-1",
      clientId: cid(),
      write: { intent: "reflection", text: "Try paired programming, in threes." },
    });
    expect(again).toMatchObject({ moduleComplete: true, moduleJustCompleted: false });
    const [dashboard] = await listLearnerModules(user.id);
    expect(dashboard).toMatchObject({ moduleId: id, summary: { percent: 100, complete: true } });
    expect(dashboard?.completedAt).toBeInstanceOf(Date);
  });

  it("refuses learners who are not enrolled and activities that do not exist", async () => {
    const { id } = await setup();
    const stranger = await createUser();
    await expect(
      recordProgress({ userId: stranger.id, moduleId: id, activityId: "read-1", clientId: cid(), write: { intent: "complete" } }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await getLessonForLearner({ userId: stranger.id, moduleId: id, activityId: "read-1" })).toBeNull();
    const { user } = await setup();
    await expect(
      recordProgress({ userId: user.id, moduleId: id, activityId: "read-1", clientId: cid(), write: { intent: "complete" } }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("does not let a reading be completed through the quiz or a quiz through 'complete'", async () => {
    const { id, user } = await setup();
    await expect(
      recordProgress({ userId: user.id, moduleId: id, activityId: "quiz-1", clientId: cid(), write: { intent: "complete" } }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      recordProgress({ userId: user.id, moduleId: id, activityId: "read-1", clientId: cid(), write: { intent: "reflection", text: "x" } }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("keeps another learner's client id from blocking mine", async () => {
    const { id, user } = await setup();
    const other = await createUser();
    await enrol(other.id, id);
    const shared = cid();
    await recordProgress({ userId: other.id, moduleId: id, activityId: "read-1", clientId: shared, write: { intent: "complete" } });
    const mine = await recordProgress({
      userId: user.id,
      moduleId: id,
      activityId: "read-1",
      clientId: shared,
      write: { intent: "complete" },
    });
    expect(mine.replayed).toBe(false);
  });
});

describe("a new version of a module", () => {
  it("keeps progress for activities that still exist; removed ones stop counting", async () => {
    const { id, root, user } = await setup([
      { id: "keep", type: "reading" },
      { id: "drop", type: "reading" },
    ]);
    await recordProgress({ userId: user.id, moduleId: id, activityId: "keep", clientId: cid(), write: { intent: "complete" } });
    await recordProgress({ userId: user.id, moduleId: id, activityId: "drop", clientId: cid(), write: { intent: "complete" } });
    expect((await listLearnerModules(user.id))[0]?.summary.percent).toBe(100);

    const { outcome } = await publishFixtureModule({
      id,
      root,
      activities: [
        { id: "new-one", type: "reading" },
        { id: "keep", type: "reading", title: "Renamed and moved" },
      ],
    });
    expect(outcome).toMatchObject({ status: "published", version: 2 });
    const [entry] = await listLearnerModules(user.id);
    expect(entry?.summary).toEqual({ requiredCount: 2, completedRequired: 1, percent: 50, complete: false });
    expect(await getResumePoint(user.id, id)).toBe("new-one");
  });
});

describe("the journal", () => {
  it("lists reflections with their prompts and exports them", async () => {
    const { id, user } = await setup();
    await recordProgress({
      userId: user.id,
      moduleId: id,
      activityId: "reflect-1",
      clientId: cid(),
      write: { intent: "reflection", text: "First thoughts" },
    });
    await recordProgress({
      userId: user.id,
      moduleId: id,
      activityId: "reflect-1",
      clientId: cid(),
      write: { intent: "reflection", text: "Edited thoughts" },
    });
    const entries = await listJournal(user.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ text: "Edited thoughts", prompt: "What will you try next week?", moduleTitle: "A fixture module" });
    expect(journalAsMarkdown("Test Teacher", entries)).toContain("> What will you try next week?\n\nEdited thoughts");
    const other = await createUser();
    expect(await listJournal(other.id)).toEqual([]);
  });
});

describe("stored JSON that cannot be read", () => {
  it("shows the activity as unavailable instead of failing the lesson page, and refuses writes against it with a 500", async () => {
    const { id, user } = await setup();
    const version = await prisma.moduleVersion.findFirstOrThrow({ where: { moduleId: id }, select: { id: true } });
    await prisma.activity.update({
      where: { versionId_activityId: { versionId: version.id, activityId: "quiz-1" } },
      data: { data: "{oops" },
    });
    await prisma.activity.update({
      where: { versionId_activityId: { versionId: version.id, activityId: "reflect-1" } },
      data: { data: JSON.stringify({ question: "an old shape" }) },
    });
    const quiz = await getLessonForLearner({ userId: user.id, moduleId: id, activityId: "quiz-1" });
    expect(quiz?.activity).toMatchObject({ kind: "unavailable", activityId: "quiz-1" });
    const reflection = await getLessonForLearner({ userId: user.id, moduleId: id, activityId: "reflect-1" });
    expect(reflection?.activity).toMatchObject({ kind: "unavailable" });
    await expect(
      recordProgress({ userId: user.id, moduleId: id, activityId: "quiz-1", clientId: cid(), write: { intent: "quiz", answers: {} } }),
    ).rejects.toMatchObject({ status: 500 });
    // The journal keeps the reflection and leaves out the prompt it cannot read.
    await prisma.reflection.create({ data: { userId: user.id, moduleId: id, activityId: "reflect-1", text: "Kept" } });
    expect((await listJournal(user.id))[0]).toMatchObject({ text: "Kept", prompt: null });
  });

  it("reads a quiz whose last attempt cannot be read as not yet attempted, and a module without readable sections from its outline", async () => {
    const { id, user } = await setup();
    await recordProgress({
      userId: user.id,
      moduleId: id,
      activityId: "quiz-1",
      clientId: cid(),
      write: { intent: "quiz", answers: { q1: ["b"], q2: ["yes"] } },
    });
    await prisma.quizAttempt.updateMany({ where: { userId: user.id }, data: { answers: "not json" } });
    await prisma.moduleVersion.updateMany({ where: { moduleId: id }, data: { meta: "[]" } });
    const lesson = await getLessonForLearner({ userId: user.id, moduleId: id, activityId: "quiz-1" });
    expect(lesson && "latest" in lesson ? lesson.latest : "missing").toBeNull();
    expect(lesson && "attempts" in lesson ? lesson.attempts : null).toEqual({ count: 1, best: 100 });
    expect(lesson && "sections" in lesson ? lesson.sections.flatMap((s) => s.activities.map((a) => a.activityId)) : []).toEqual([
      "read-1",
      "quiz-1",
      "reflect-1",
    ]);
  });
});
