import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ImportForm } from "~/components/authoring/import-form.tsx";
import { AverageRating, RecentFeedback } from "~/components/feedback/rating-summary.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { DRAFT_STATUS_LABELS, ZIP_LIMITS } from "~/modules/authoring/draft-content.ts";
import { getAuthorDashboard } from "~/modules/authoring/author-dashboard.server.ts";
import { ImportZipSchema } from "~/modules/authoring/schemas.ts";
import { formErrorReply, orErrorResponse } from "~/utils/errors.ts";
import { importDraftZip } from "~/modules/authoring/zip.server.ts";
import authoringCss from "~/styles/authoring.css?url";
import { readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: authoringCss }];

export const meta: MetaFunction = () => [{ title: "Authoring – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const modules = await orErrorResponse(getAuthorDashboard(user));
  return { modules, isAdmin: user.roles.includes("admin") };
}

/** An upload refused before its body is read (so there is no submission to reply from): the form shows why. */
const refused = (message: string, status: number) =>
  data({ result: { status: "error", error: { "": [message] } } satisfies SubmissionResult<string[]> }, { status });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  // Browsers always send the length of a form upload; without it the body could be any size.
  const length = Number(request.headers.get("Content-Length") ?? "NaN");
  if (!Number.isFinite(length)) return refused("The upload did not say how large it is. Try again.", 411);
  if (length > ZIP_LIMITS.maxZipBytes + 64 * 1024)
    return refused(`The zip is larger than ${ZIP_LIMITS.maxZipBytes / 1024 / 1024} MB.`, 413);
  const submission = parseWithZod(await readForm(request), { schema: ImportZipSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { zip, moduleId } = submission.value;
  let imported;
  try {
    imported = await importDraftZip(user, new Uint8Array(await zip.arrayBuffer()), moduleId || undefined);
  } catch (error) {
    // Why the zip cannot be imported, then each problem found in it.
    const { reply, status } = formErrorReply(error);
    return data({ result: submission.reply({ formErrors: [reply.error, ...(reply.problems ?? [])] }) }, { status });
  }
  throw redirect(`/author/modules/${imported.moduleId}?imported=1`);
}

export default function AuthorDashboard() {
  const { modules, isAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <h1>Authoring</h1>
      <p className="button-row">
        <Link className="button" to="/author/modules/new">
          Create a module
        </Link>
        <Link to="/author/reviews">Modules waiting for review{isAdmin ? "" : " by you"}</Link>
      </p>
      <h2>Your modules</h2>
      {modules.length === 0 ? (
        <p>You have no modules yet. Create one, or import a module exported as a zip.</p>
      ) : (
        <table>
          <caption className="visually-hidden">
            Your modules, their status, versions, enrolments, completions, average rating and the latest review
          </caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Status</th>
              <th scope="col">Published versions</th>
              <th scope="col">Enrolments</th>
              <th scope="col">Completions</th>
              <th scope="col">Rating</th>
              <th scope="col">Latest review</th>
            </tr>
          </thead>
          <tbody>
            {modules.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link to={`/author/modules/${m.moduleId}`}>{m.title}</Link>
                  <br />
                  <span className="muted">{m.moduleId}</span>
                </td>
                <td>{DRAFT_STATUS_LABELS[m.status] ?? m.status}</td>
                <td>{m.publishedVersions}</td>
                <td>{m.enrolments}</td>
                <td>{m.completions}</td>
                <td>
                  <AverageRating summary={m.ratings} />
                </td>
                <td>
                  {m.lastReview ? (
                    <>
                      {m.lastReview.decision === "approved" ? "Approved" : "Returned"} by {m.lastReview.reviewer}
                      {m.lastReview.decidedAt ? ` on ${formatDate(m.lastReview.decidedAt)}` : ""}
                      {m.lastReview.comments ? <q className="review-comment"> {m.lastReview.comments}</q> : null}
                    </>
                  ) : (
                    <span className="muted">None yet</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {modules.some((m) => m.ratings) ? (
        <>
          <h2>Recent feedback from learners</h2>
          <p className="muted">
            The 5 most recent comments on each module. Learners are told their feedback is shown to you without their name.
          </p>
          {modules
            .filter((m) => m.ratings)
            .map((m) => (
              <RecentFeedback key={m.id} title={m.title} summary={m.ratings} />
            ))}
        </>
      ) : null}

      <h2 id="import-heading">Import a module</h2>
      <p>
        Upload a zip in the courses/ folder format (module.yaml, the activity Markdown files and any files under media/, as exported from
        here). It becomes a new draft; its media files become your uploads, checked like any upload. Up to{" "}
        {ZIP_LIMITS.maxZipBytes / 1024 / 1024} MB: attach larger videos from your media instead.
      </p>
      <ImportForm lastResult={actionData?.result} />
    </div>
  );
}
