import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { ReviewDecisionForm } from "~/components/authoring/review-decision-form.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { listReviewQueue } from "~/modules/authoring/draft-review.server.ts";
import { decideFromForm } from "~/modules/authoring/route-helpers.server.ts";
import { orErrorResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "Reviews – Authoring – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  return { queue: await orErrorResponse(listReviewQueue(user)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const { status, ...reply } = await decideFromForm(user, await readForm(request));
  return data(reply, { status });
}

/** A decision refused because the draft changed: reload the queue so the card names the new revision. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as { stale?: boolean } | undefined)?.stale ? true : defaultShouldRevalidate;

export default function Reviews() {
  const { queue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <p>
        <Link to="/author">Authoring</Link>
      </p>
      <h1>Modules waiting for review</h1>
      <p>Approving publishes the module as a new version straight away. Returning sends it back to its author with your comments.</p>
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
      {queue.length === 0 ? <p>Nothing is waiting for you to review.</p> : null}
      <ul className="stack">
        {queue.map((d) => (
          <li key={d.id} className="card">
            <h2 id={`review-${d.id}`}>{d.title}</h2>
            <p className="muted">
              {d.moduleId} · by {d.owner.name}
              {d.submittedAt ? ` · submitted ${formatDate(d.submittedAt)}` : ""}
            </p>
            {d.activityPaths[0] ? (
              <p>
                <Link to={`/author/modules/${d.moduleId}/preview/${encodeURIComponent(d.activityPaths[0])}`}>Preview {d.title}</Link> (
                {d.activityPaths.length} activit{d.activityPaths.length === 1 ? "y" : "ies"})
              </p>
            ) : null}
            <p>
              <Link to={`/author/reviews/${d.id}`}>
                What changed<span className="visually-hidden"> in {d.title}</span> since the published version
              </Link>
            </p>
            <ReviewDecisionForm draft={d} labelledBy={`review-${d.id}`} />
          </li>
        ))}
      </ul>
    </div>
  );
}
