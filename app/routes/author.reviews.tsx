import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { decideReview, describeProblem, listReviewQueue } from "~/modules/authoring/drafts.server.ts";
import { orErrorResponse } from "~/modules/authoring/route-helpers.server.ts";
import { ReviewDecisionSchema } from "~/modules/authoring/schemas.ts";

export const meta: MetaFunction = () => [{ title: "Reviews – Authoring – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  return { queue: await orErrorResponse(listReviewQueue(user)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const submission = parseWithZod(await request.formData(), { schema: ReviewDecisionSchema });
  if (submission.status !== "success")
    return data({ ok: false, draftId: "", message: "That decision was not understood.", problems: [] as string[] }, { status: 400 });
  const { draftId, decision, comments } = submission.value;
  const result = await orErrorResponse(decideReview(user, { draftId, decision, comments }));
  if (!result.ok) {
    return data(
      { ok: false, draftId, message: result.message, problems: (result.problems ?? []).map((p) => `${p.file}: ${describeProblem(p)}`) },
      { status: 400 },
    );
  }
  return {
    ok: true,
    draftId,
    message:
      decision === "approved"
        ? `Approved and published as version ${result.version ?? "?"}.`
        : "Returned to the author with your comments.",
    problems: [] as string[],
  };
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

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
              {d.submittedAt ? ` · submitted ${dateFormat.format(new Date(d.submittedAt))}` : ""}
            </p>
            {d.activityPaths[0] ? (
              <p>
                <Link to={`/author/modules/${d.id}/preview/${encodeURIComponent(d.activityPaths[0])}`}>Preview {d.title}</Link> (
                {d.activityPaths.length} activit{d.activityPaths.length === 1 ? "y" : "ies"})
              </p>
            ) : null}
            <Form method="post" aria-labelledby={`review-${d.id}`} className="stack">
              <input type="hidden" name="draftId" value={d.id} />
              <div className="field">
                <label htmlFor={`comments-${d.id}`}>Comments for the author</label>
                <span className="hint" id={`comments-hint-${d.id}`}>
                  Required when you return the module.
                </span>
                <textarea id={`comments-${d.id}`} name="comments" rows={4} aria-describedby={`comments-hint-${d.id}`} />
              </div>
              <div className="button-row">
                <Button name="decision" value="approved">
                  Approve and publish<span className="visually-hidden"> {d.title}</span>
                </Button>
                <Button variant="secondary" name="decision" value="returned">
                  Return with comments<span className="visually-hidden"> {d.title}</span>
                </Button>
              </div>
            </Form>
          </li>
        ))}
      </ul>
    </div>
  );
}
