/**
 * Block exercise writes: the editor's saved workspace, and a program to check. The server's own
 * verdict (docs/decisions/0010): the same pure check as the browser's, run on the published
 * definition; whatever the browser showed is not trusted.
 */
import { checkBlocksExercise } from "~/modules/blocks/exercise.ts";
import { ProgramSchema } from "~/modules/blocks/program.ts";
import { AppError } from "~/utils/errors.ts";
import { readStoredBlocks } from "../stored.ts";
import { createExerciseRun, saveExerciseDraft } from "./exercise-writes.server.ts";
import { readDefinition, type PreparedWrite, type WriteContext } from "./prepared-write.server.ts";

function requireBlocksExercise(ctx: WriteContext) {
  if (ctx.activityType !== "blocks") throw new AppError("bad-request", "This activity is not a block exercise.");
}

export function prepareBlocksDraft(ctx: WriteContext, workspace: string): PreparedWrite {
  requireBlocksExercise(ctx);
  return async (tx) => {
    await saveExerciseDraft(tx, ctx, workspace);
    return { completes: false };
  };
}

export async function prepareBlocksCheck(ctx: WriteContext, workspace: string, program: unknown): Promise<PreparedWrite> {
  requireBlocksExercise(ctx);
  // Checked before anything is written: a program that cannot be read is refused whole.
  const parsed = ProgramSchema.safeParse(program);
  if (!parsed.success) {
    throw new AppError("bad-request", "Your program could not be read, so it was not checked. Reload the page and check it again.");
  }
  const check = checkBlocksExercise(await readDefinition(ctx, readStoredBlocks), parsed.data);
  return async (tx) => {
    await saveExerciseDraft(tx, ctx, workspace);
    await createExerciseRun(tx, ctx, {
      code: JSON.stringify(parsed.data),
      passed: check.passed,
      results: JSON.stringify({ summary: check.summary, results: check.results, stopReason: check.run.stopReason }),
    });
    return { completes: check.passed, blocks: { passed: check.passed, summary: check.summary } };
  };
}
