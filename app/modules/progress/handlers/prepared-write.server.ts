/**
 * The contract between recordProgress and the handler of each kind of write: a handler checks the
 * write and does any slow work (grading, re-running code) before the transaction, then returns what
 * it writes inside it. Also the one reader of the published definition a write is checked against.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import type { CodeVerdict } from "../code-verification.server.ts";

export type Tx = Prisma.TransactionClient;

/** Who writes, to which activity of which published version, and when. */
export type WriteContext = {
  userId: string;
  moduleId: string;
  activityId: string;
  clientId: string;
  versionId: string;
  /** The activity's type in the published outline. */
  activityType: string;
  now: Date;
};

/** What a write did: whether it completes the activity, and what the learner is told about it. */
export type WriteOutcome = {
  completes: boolean;
  quiz?: { score: number; passed: boolean };
  /** Code runs: `passed` and `completed` are the server's own verdict; `reportedPassed` what the browser said. */
  code?: {
    passed: boolean;
    completed: boolean;
    reportedPassed: boolean;
    verification: CodeVerdict["verification"];
    message: string | null;
  };
  blocks?: { passed: boolean; summary: string };
};

/** A checked write: what it does inside recordProgress's transaction. */
export type PreparedWrite = (tx: Tx) => Promise<WriteOutcome>;

/**
 * The published definition a write is graded or checked against, read through its stored.ts reader.
 * One that cannot be read is the server's fault, not the learner's: a 500 the browser's queue retries.
 */
export async function readDefinition<T>(ctx: WriteContext, read: (data: string) => T | null): Promise<T> {
  const { data } = await prisma.activity.findUniqueOrThrow({
    where: { versionId_activityId: { versionId: ctx.versionId, activityId: ctx.activityId } },
    select: { data: true },
  });
  const definition = read(data);
  if (definition === null) {
    throw new AppError("internal", "This activity cannot be saved at the moment. Reload the page and try again later.");
  }
  return definition;
}
