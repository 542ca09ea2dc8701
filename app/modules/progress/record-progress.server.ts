/**
 * Records one progress write (recordProgress). What each kind of write checks and stores lives in
 * handlers/; this file holds what they share: the enrolment check, the idempotent client id, and
 * completing the activity and the module.
 */
import { AppError } from "~/utils/errors.ts";
import { prisma } from "~/utils/db.server.ts";
import { loadEnrolledModule } from "./enrolled-module.server.ts";
import { prepareBlocksCheck, prepareBlocksDraft } from "./handlers/blocks.server.ts";
import { prepareCodeDraft, prepareCodeRun } from "./handlers/code.server.ts";
import type { PreparedWrite, WriteContext, WriteOutcome } from "./handlers/prepared-write.server.ts";
import { prepareQuizAttempt } from "./handlers/quiz.server.ts";
import { prepareReflection } from "./handlers/reflection.server.ts";
import { summariseCompletion } from "./progress.ts";
import type { ProgressWriteInput } from "./progress-write.ts";

export type ProgressWriteResult = Omit<WriteOutcome, "completes"> & {
  replayed: boolean;
  moduleComplete: boolean;
  /** This write completed the module (its last required activity): the page moves on to the completion page. */
  moduleJustCompleted: boolean;
};

/** Activities that "Mark as complete" cannot complete, and what completes them instead. */
const COMPLETED_BY_DOING: Record<string, string> = {
  quiz: "Pass the quiz to complete it.",
  code: "Pass the exercise's checks to complete it.",
  blocks: "Meet the exercise's goals to complete it.",
  reflection: "Save a reflection to complete it.",
};

/** Checks the write against the activity and returns what it writes (each kind in handlers/). */
function prepareWrite(ctx: WriteContext, write: ProgressWriteInput): PreparedWrite | Promise<PreparedWrite> {
  switch (write.intent) {
    case "visit":
      return async () => ({ completes: false });
    case "complete": {
      const refusal = COMPLETED_BY_DOING[ctx.activityType];
      if (refusal) throw new AppError("bad-request", refusal);
      return async () => ({ completes: true });
    }
    case "quiz":
      return prepareQuizAttempt(ctx, write.answers);
    case "reflection":
      return prepareReflection(ctx, write.text);
    case "code-draft":
      return prepareCodeDraft(ctx, write.code);
    case "code-run":
      return prepareCodeRun(ctx, write.code, write.result);
    case "blocks-draft":
      return prepareBlocksDraft(ctx, write.workspace);
    case "blocks-check":
      return prepareBlocksCheck(ctx, write.workspace, write.program);
  }
}

/**
 * Records one progress write, idempotently: the (learner, client id) pair is stored with the
 * write in one transaction, and a replay of the same id changes nothing. Completion is never
 * taken back. Throws AppError for a learner who is not enrolled, an unknown activity, or a write
 * the activity refuses (400).
 */
export async function recordProgress({
  userId,
  moduleId,
  activityId,
  clientId,
  write,
  now = new Date(),
}: {
  userId: string;
  moduleId: string;
  activityId: string;
  clientId: string;
  write: ProgressWriteInput;
  now?: Date;
}): Promise<ProgressWriteResult> {
  const found = await loadEnrolledModule(userId, moduleId);
  if (!found) throw new AppError("forbidden", "Enrol in this module before recording progress.");
  const activity = found.outline.find((a) => a.activityId === activityId);
  if (!activity) throw new AppError("not-found", "That activity is not part of this module any more.");
  const ctx: WriteContext = { userId, moduleId, activityId, clientId, versionId: found.version.id, activityType: activity.type, now };
  const prepared = await prepareWrite(ctx, write);

  return prisma.$transaction(async (tx) => {
    const where = { userId_moduleId: { userId, moduleId } };
    const seen = await tx.progressWrite.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { kind: true } });
    if (seen) {
      const enrolment = await tx.enrolment.findUniqueOrThrow({ where, select: { completedAt: true } });
      return { replayed: true, moduleComplete: !!enrolment.completedAt, moduleJustCompleted: false };
    }
    await tx.progressWrite.create({ data: { userId, clientId, kind: write.intent, createdAt: now } });

    const { completes, ...outcome } = await prepared(tx);
    if (completes) {
      // Never cleared: completedAt is set once and kept, whatever happens later.
      await tx.activityProgress.upsert({
        where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
        create: { userId, moduleId, activityId, completedAt: now },
        update: {},
      });
    }
    const done = await tx.activityProgress.findMany({
      where: { userId, moduleId, completedAt: { not: null } },
      select: { activityId: true },
    });
    const summary = summariseCompletion(found.outline, new Set(done.map((r) => r.activityId)));
    const enrolment = await tx.enrolment.update({
      where,
      data: { lastActivityId: activityId, lastActivityAt: now },
      select: { completedAt: true },
    });
    let moduleComplete = !!enrolment.completedAt;
    let moduleJustCompleted = false;
    if (summary.complete && !moduleComplete) {
      await tx.enrolment.update({ where, data: { completedAt: now } });
      moduleComplete = true;
      moduleJustCompleted = true;
    }
    return { replayed: false, moduleComplete, moduleJustCompleted, ...outcome };
  });
}
