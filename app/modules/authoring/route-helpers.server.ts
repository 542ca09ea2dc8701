import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { decideReview, isStaleReview } from "./draft-review.server.ts";
import { type Actor } from "./draft-access.server.ts";
import { ReviewDecisionSchema } from "./schemas.ts";
import { formErrorReply } from "~/utils/errors.ts";

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
 * schema and decided for the revision the reviewer saw. A refusal is the form's reply (formErrorReply)
 * with `stale` set when the draft changed meanwhile (409), so the pages reload and show the new revision.
 */
export async function decideFromForm(actor: Actor, formData: FormData) {
  const submission = parseWithZod(formData, { schema: ReviewDecisionSchema });
  if (submission.status !== "success") {
    return {
      status: 400,
      ok: false as const,
      stale: false,
      draftId: "",
      message: "That decision was not understood.",
      problems: [] as string[],
    };
  }
  const { draftId, revision, decision, comments } = submission.value;
  try {
    const { version } = await decideReview(actor, { draftId, revision, decision, comments });
    const message =
      decision === "approved" ? `Approved and published as version ${version ?? "?"}.` : "Returned to the author with your comments.";
    return { status: 200, ok: true as const, draftId, decision, message, problems: [] as string[] };
  } catch (error) {
    const { reply, status } = formErrorReply(error);
    return { status, ok: false as const, stale: isStaleReview(error), draftId, message: reply.error, problems: reply.problems ?? [] };
  }
}
