/**
 * Code exercise writes: a saved draft, and a run the browser reports. A run counts only as the
 * server's own re-run of it says (docs/decisions/0021-server-verified-code-runs.md).
 */
import { runCompletesActivity } from "~/modules/exercises/harness.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { storedRunResults, type CodeRunReport, type StoredRunResults } from "../code-runs.ts";
import { verifyCodeRun, type CodeVerdict } from "../code-verification.server.ts";
import { readStoredCode } from "../stored.ts";
import { createExerciseRun, saveExerciseDraft } from "./exercise-writes.server.ts";
import { readDefinition, type PreparedWrite, type WriteContext } from "./prepared-write.server.ts";

function requireCodeExercise(ctx: WriteContext) {
  if (ctx.activityType !== "code") throw new AppError("bad-request", "This activity is not a code exercise.");
}

export function prepareCodeDraft(ctx: WriteContext, code: string): PreparedWrite {
  requireCodeExercise(ctx);
  return async (tx) => {
    await saveExerciseDraft(tx, ctx, code);
    return { completes: false };
  };
}

export async function prepareCodeRun(ctx: WriteContext, code: string, result: CodeRunReport): Promise<PreparedWrite> {
  requireCodeExercise(ctx);
  const exercise = await readDefinition(ctx, readStoredCode);
  const { userId, moduleId, activityId, clientId } = ctx;
  // Verified before the transaction (it takes seconds), and not for a replayed write.
  let verdict: CodeVerdict | null = null;
  const [seen, progress] = await Promise.all([
    prisma.progressWrite.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { kind: true } }),
    prisma.activityProgress.findUnique({
      where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
      select: { completedAt: true },
    }),
  ]);
  if (!seen) {
    const predicted = !!result.prediction?.trim();
    verdict = await verifyCodeRun({
      userId,
      exercise,
      code,
      claimed: runCompletesActivity({ kind: exercise.kind, testCount: exercise.tests.length }, result, predicted),
      predicted,
      alreadyComplete: !!progress?.completedAt,
    });
  }
  return async (tx) => {
    await saveExerciseDraft(tx, ctx, code);
    if (!verdict) return { completes: false };
    // The browser's report is kept as what it said; the server's verdict is what counts.
    const stored: StoredRunResults = {
      ...storedRunResults(result),
      server: {
        verification: verdict.verification,
        message: verdict.message,
        ...(verdict.verification === "verified" ? { check: verdict.check } : {}),
      },
    };
    await createExerciseRun(tx, ctx, {
      code,
      passed: verdict.passed,
      reportedPassed: result.passed,
      verification: verdict.verification,
      results: JSON.stringify(stored),
    });
    return {
      completes: verdict.completes,
      code: {
        passed: verdict.passed,
        completed: verdict.completes,
        reportedPassed: result.passed,
        verification: verdict.verification,
        message: verdict.message,
      },
    };
  };
}
