import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../../../tests/factories/courses.ts";
import { createUser } from "../../../tests/factories/users.ts";
import type { StoredBlocks } from "~/modules/catalog/activity-data.ts";
import { prisma } from "~/utils/db.server.ts";
import { getLessonForLearner } from "./lesson.server.ts";
import { ProgressWriteSchema } from "./progress-write.ts";
import { recordProgress } from "./record-progress.server.ts";

const cid = () => crypto.randomUUID();

async function setup() {
  const id = `blocks-${crypto.randomBytes(4).toString("hex")}`;
  await publishFixtureModule({
    id,
    activities: [
      { id: "walk", type: "blocks" },
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

const walk = (steps: number, extra: unknown[] = []) => ({
  version: 1,
  scripts: [{ type: "event_whenflagclicked", body: [{ type: "motion_movesteps", steps }, ...extra] }],
});
const workspace = (label: string) => JSON.stringify({ format: "pathways-blocks", version: 1, blockly: "13.3.0", workspace: { label } });

describe("block exercise progress", () => {
  it("publishes what the player and the server need, never the solution", async () => {
    const { id, user } = await setup();
    const lesson = await getLessonForLearner({ userId: user.id, moduleId: id, activityId: "walk" });
    expect(lesson?.activity?.kind).toBe("blocks");
    const exercise = (lesson?.activity as { exercise: StoredBlocks }).exercise;
    expect(exercise).toEqual({
      toolbox: ["event_whenflagclicked", "motion_movesteps", "motion_turnright"],
      maxBlocks: 3,
      start: { x: 0, y: 0, direction: 90 },
      starting: { version: 1, scripts: [{ type: "event_whenflagclicked", body: [] }] },
      goals: [
        { type: "position", x: 50, y: 0 },
        { type: "usesBlocks", blocks: ["motion_movesteps"] },
      ],
      hintsHtml: ["<p>Use a move block.</p>"],
    });
    expect(JSON.stringify(exercise)).not.toContain("solution");
  });

  it("saves drafts idempotently and restores them, without completing anything", async () => {
    const { id, user, write, completed } = await setup();
    const clientId = cid();
    await write("walk", { intent: "blocks-draft", workspace: workspace("first") }, clientId);
    expect((await write("walk", { intent: "blocks-draft", workspace: workspace("replayed") }, clientId)).replayed).toBe(true);
    await write("walk", { intent: "blocks-draft", workspace: workspace("second") });
    const lesson = await getLessonForLearner({ userId: user.id, moduleId: id, activityId: "walk" });
    expect(lesson && "blocksDraft" in lesson ? lesson.blocksDraft?.code : null).toBe(workspace("second"));
    expect(await prisma.exerciseDraft.count({ where: { userId: user.id } })).toBe(1);
    expect(await completed("walk")).toBe(false);
  });

  it("re-checks the program on the server: a failing program is recorded, a passing one completes the activity once", async () => {
    const { id, user, write, completed } = await setup();
    const failing = await write("walk", { intent: "blocks-check", workspace: workspace("ten"), program: walk(10) });
    expect(failing).toMatchObject({ replayed: false, blocks: { passed: false, summary: "Not yet: 1 of 3 goals are not met." } });
    expect(await completed("walk")).toBe(false);

    const clientId = cid();
    const passing = await write("walk", { intent: "blocks-check", workspace: workspace("fifty"), program: walk(50) }, clientId);
    expect(passing).toMatchObject({ blocks: { passed: true, summary: "Well done: your program meets all 3 goals." } });
    expect(await completed("walk")).toBe(true);
    expect((await write("walk", { intent: "blocks-check", workspace: workspace("again"), program: walk(50) }, clientId)).replayed).toBe(
      true,
    );

    // A later failing check never takes completion back; every check is kept, with the server's verdict.
    await write("walk", { intent: "blocks-check", workspace: workspace("oops"), program: walk(20) });
    expect(await completed("walk")).toBe(true);
    const runs = await prisma.exerciseRun.findMany({ where: { userId: user.id, moduleId: id }, orderBy: { createdAt: "asc" } });
    expect(runs.map((r) => r.passed)).toEqual([false, true, false]);
    expect(JSON.parse(runs[1]!.results)).toMatchObject({ summary: "Well done: your program meets all 3 goals.", stopReason: "finished" });
    expect(JSON.parse(runs[1]!.code)).toEqual(walk(50));
  });

  it("does not trust the browser: blocks outside the toolbox, too many blocks or an unreadable program never complete", async () => {
    const { write, completed } = await setup();
    // Ends in the right place, but with a block this exercise does not offer.
    const glide = {
      version: 1,
      scripts: [{ type: "event_whenflagclicked", body: [{ type: "motion_glidesecstoxy", seconds: 1, x: 50, y: 0 }] }],
    };
    expect(await write("walk", { intent: "blocks-check", workspace: workspace("g"), program: glide })).toMatchObject({
      blocks: { passed: false },
    });
    // Right place, but four blocks where three are allowed.
    const long = walk(25, [
      { type: "motion_movesteps", steps: 25 },
      { type: "motion_turnright", degrees: 0 },
    ]);
    expect(await write("walk", { intent: "blocks-check", workspace: workspace("l"), program: long })).toMatchObject({
      blocks: { passed: false },
    });
    // A "passed" flag or any other extra is ignored; a program that is not a program is refused, and nothing is written.
    await expect(
      write("walk", { intent: "blocks-check", workspace: workspace("x"), program: { version: 1, scripts: "all done", passed: true } }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("could not be read") });
    expect(await completed("walk")).toBe(false);
    expect(ProgressWriteSchema.safeParse({ intent: "blocks-check", workspace: "x".repeat(200_001), program: walk(50) }).success).toBe(
      false,
    );
    // A hostile, deeply nested program is refused before it is parsed.
    let deep: unknown = { type: "motion_movesteps", steps: 1 };
    for (let i = 0; i < 5_000; i++) deep = { type: "control_repeat", times: 1, body: [deep] };
    const tooDeep = ProgressWriteSchema.safeParse({
      intent: "blocks-check",
      workspace: "{}",
      program: { version: 1, scripts: [{ type: "event_whenflagclicked", body: [deep] }] },
    });
    expect(tooDeep.error?.issues.map((i) => i.message)).toEqual([
      "That program is too big to check. Remove some blocks and check it again.",
    ]);
    // Programs of a realistic depth are fine.
    let nested: unknown = { type: "motion_movesteps", steps: 1 };
    for (let i = 0; i < 20; i++) nested = { type: "control_repeat", times: 1, body: [nested] };
    const program = { version: 1, scripts: [{ type: "event_whenflagclicked", body: [nested] }] };
    expect(ProgressWriteSchema.safeParse({ intent: "blocks-check", workspace: "{}", program }).success).toBe(true);
  });

  it("refuses block intents on other activities, and plain completion of a block exercise", async () => {
    const { write } = await setup();
    await expect(write("read", { intent: "blocks-draft", workspace: workspace("x") })).rejects.toMatchObject({ status: 400 });
    await expect(write("read", { intent: "blocks-check", workspace: workspace("x"), program: walk(50) })).rejects.toMatchObject({
      status: 400,
    });
    await expect(write("walk", { intent: "complete" })).rejects.toMatchObject({ message: "Meet the exercise's goals to complete it." });
  });
});
