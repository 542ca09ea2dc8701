import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { DraftChanges } from "~/components/authoring/draft-changes.tsx";
import { ReviewDecisionForm } from "~/components/authoring/review-decision-form.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { getDraftForReview } from "~/modules/authoring/draft-review.server.ts";
import { decideFromForm } from "~/modules/authoring/route-helpers.server.ts";
import { orErrorResponse } from "~/utils/errors.ts";
import authoringCss from "~/styles/authoring.css?url";
import { readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: authoringCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Review ${data?.title ?? "a module"} – Authoring – Pathways` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  return orErrorResponse(getDraftForReview(user, params.draftId ?? ""));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const { status, ...reply } = await decideFromForm(user, await readForm(request));
  return data(reply, { status });
}

/**
 * After a decision the draft has left the queue: keep showing the page with the outcome. After a
 * refusal because the draft changed, reload it so the reviewer sees the new content and revision.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) => {
  const result = actionResult as { ok?: boolean; stale?: boolean } | undefined;
  if (result?.ok) return false;
  return result?.stale ? true : defaultShouldRevalidate;
};

export default function ReviewDraft() {
  const draft = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const decided = actionData?.ok === true;
  return (
    <div className="container page">
      <p>
        <Link to="/author/reviews">Modules waiting for review</Link>
      </p>
      <h1 id="review-title">Review {draft.title}</h1>
      <p className="muted">
        {draft.moduleId} · by {draft.owner}
        {draft.submittedAt ? ` · submitted ${formatDate(draft.submittedAt)}` : ""} · revision {draft.revision}
      </p>
      {actionData ? (
        <Alert tone={actionData.ok ? "success" : "error"} title={actionData.message}>
          {actionData.problems.length ? (
            <ul>
              {actionData.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {draft.activityPaths[0] ? (
        <p>
          <Link to={`/author/modules/${draft.moduleId}/preview/${encodeURIComponent(draft.activityPaths[0])}`}>Preview {draft.title}</Link>{" "}
          ({draft.activityPaths.length} activit{draft.activityPaths.length === 1 ? "y" : "ies"})
        </p>
      ) : null}
      <DraftChanges
        publishedVersion={draft.publishedVersion}
        fileChanges={draft.fileChanges}
        mediaChanges={draft.mediaChanges}
        formatDate={formatDate}
      />
      {decided ? (
        <p>
          <Link to="/author/reviews">Back to the modules waiting for review</Link>
        </p>
      ) : (
        <section aria-labelledby="decision-title" className="stack">
          <h2 id="decision-title">Your decision</h2>
          <p>Approving publishes exactly the revision shown on this page ({draft.revision}) as a new version.</p>
          <ReviewDecisionForm draft={draft} labelledBy="decision-title" />
        </section>
      )}
    </div>
  );
}
