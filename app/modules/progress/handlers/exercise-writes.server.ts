/**
 * The two rows every exercise write touches, written once for code and block exercises alike: the
 * learner's saved draft (code, or the block editor's workspace) and a run with its verdict.
 */
import type { Tx, WriteContext } from "./prepared-write.server.ts";

/** Saves the learner's latest code or block workspace for the activity (one row per learner and activity). */
export async function saveExerciseDraft(tx: Tx, ctx: WriteContext, code: string) {
  const { userId, moduleId, activityId, now } = ctx;
  await tx.exerciseDraft.upsert({
    where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
    create: { userId, moduleId, activityId, code, updatedAt: now },
    update: { code, updatedAt: now },
  });
}

/** Records one run or check: the server's verdict (`passed`) and, for code, what the browser reported. */
export async function createExerciseRun(
  tx: Tx,
  ctx: WriteContext,
  run: { code: string; passed: boolean; results: string; reportedPassed?: boolean; verification?: string },
) {
  const { clientId, userId, moduleId, activityId, versionId, now } = ctx;
  await tx.exerciseRun.create({ data: { clientId, userId, moduleId, activityId, versionId, ...run, createdAt: now } });
}
