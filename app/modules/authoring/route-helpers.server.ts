import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
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
 * Editor URLs name the module (/author/modules/<module id>/…, ADR 0040). A link made before, with the
 * draft's database id, is answered with a permanent redirect to the same page under the module id.
 * Call it after the draft was found for this person, so an old link to a draft they may not see is
 * still a 404 and never reveals the module id.
 */
export function redirectToModuleUrl(request: Request, key: string, moduleId: string): void {
  if (key === moduleId) return;
  const url = new URL(request.url);
  const prefix = `/author/modules/${key}`;
  if (!url.pathname.startsWith(`${prefix}/`) && url.pathname !== prefix) return;
  url.searchParams.delete("_routes"); // single fetch's own parameter
  const search = url.searchParams.toString();
  throw redirect(`/author/modules/${moduleId}${url.pathname.slice(prefix.length)}${search ? `?${search}` : ""}`, 301);
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
