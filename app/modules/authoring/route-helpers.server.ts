import { parseWithZod } from "@conform-to/zod/v4";
import { decideReview, describeProblem, type Actor } from "./drafts.server.ts";
import { ReviewDecisionSchema } from "./schemas.ts";
import { AppError } from "~/utils/errors.ts";

/** Runs a domain call from a loader or action, turning the domain's AppError into the Response the error boundary renders. */
export async function orErrorResponse<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw error.toResponse();
    throw error;
  }
}

/**
 * The review decision form, as posted from the queue or a draft's review page: parsed with its one
 * schema and decided for the revision the reviewer saw. A stale revision answers 409.
 */
export async function decideFromForm(actor: Actor, formData: FormData) {
  const submission = parseWithZod(formData, { schema: ReviewDecisionSchema });
  if (submission.status !== "success")
    return {
      status: 400,
      ok: false as const,
      stale: false,
      draftId: "",
      message: "That decision was not understood.",
      problems: [] as string[],
    };
  const { draftId, revision, decision, comments } = submission.value;
  const result = await orErrorResponse(decideReview(actor, { draftId, revision, decision, comments }));
  if (!result.ok) {
    return {
      status: result.stale ? 409 : 400,
      ok: false as const,
      stale: result.stale ?? false,
      draftId,
      message: result.message,
      problems: (result.problems ?? []).map((p) => `${p.file}: ${describeProblem(p)}`),
    };
  }
  return {
    status: 200,
    ok: true as const,
    draftId,
    decision,
    message:
      decision === "approved"
        ? `Approved and published as version ${result.version ?? "?"}.`
        : "Returned to the author with your comments.",
    problems: [] as string[],
  };
}
