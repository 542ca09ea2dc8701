import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CompletionDecisionForms } from "~/components/certificates/admin-reason-forms.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { CompletionDecisionSchema } from "~/modules/certificates/certificate-forms.ts";
import { approveCompletion, listHeldCompletions, rejectCompletion } from "~/modules/certificates/completion-checks.server.ts";
import { firstErrorMessage, formErrorReply } from "~/utils/errors.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "Completions to check – Pathways admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { held: await listHeldCompletions() };
}

/** Completions much faster than the module's stated time wait here for an admin (docs/decisions/0024). */
export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const submission = parseWithZod(await readForm(request), { schema: CompletionDecisionSchema });
  // Which row's forms were sent, so its message and errors are shown there.
  const checkId = String(submission.payload.checkId ?? "").slice(0, 64);
  if (submission.status !== "success") {
    return data(
      { ok: false, checkId, message: firstErrorMessage(submission.error, "Not understood"), result: submission.reply() },
      { status: 400 },
    );
  }
  const decision = submission.value;
  try {
    if (decision.intent === "approve") {
      await approveCompletion({ checkId: decision.checkId, adminId: admin.id, origin: appOrigin(request) });
      return { ok: true, checkId, message: "Approved: the certificate has been issued.", result: submission.reply({ resetForm: true }) };
    }
    await rejectCompletion({ checkId: decision.checkId, adminId: admin.id, reason: decision.reason });
    return { ok: true, checkId, message: "Rejected: the learner is shown your reason.", result: submission.reply({ resetForm: true }) };
  } catch (error) {
    // Already decided (404), or a certificate that cannot be issued (issueCertificate's refusals), is said beside the list.
    const { reply, status } = formErrorReply(error, { beside: ["not-found", "unauthenticated", "forbidden", "email-unverified"] });
    return data({ ok: false, checkId, message: reply.error, result: submission.reply({ formErrors: [reply.error] }) }, { status });
  }
}

const duration = (seconds: number) =>
  seconds < 120 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.round(seconds / 60)} minutes`;

export default function AdminCompletions() {
  const { held } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <nav aria-label="Administration" className="button-row admin-nav">
        <Link to="/admin/users">Users and roles</Link>
        <Link to="/admin/certificates">Certificates</Link>
        <span aria-current="page">Completions to check</span>
        <Link to="/admin/organisations">Organisations</Link>
        <Link to="/admin/jobs">Background jobs</Link>
      </nav>
      <h1>Completions to check</h1>
      <p>
        These learners completed a module in less than a tenth of its stated time (less a minute), so their certificates are held. Approve
        to issue the certificate, or reject with a reason the learner will see.
      </p>
      {actionData ? <Alert tone={actionData.ok ? "success" : "error"}>{actionData.message}</Alert> : null}
      {held.length === 0 ? (
        <p>No completions are waiting for a check.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Held completions, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Learner</th>
              <th scope="col">Module</th>
              <th scope="col">Time taken</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {held.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.user.name}
                  <br />
                  <span className="muted">{c.user.email}</span>
                </td>
                <td>
                  {c.moduleTitle} (version {c.versionNumber})
                </td>
                <td>
                  {duration(c.tookSeconds)} (the floor is {duration(c.floorSeconds)})
                  <br />
                  <span className="muted">
                    {formatDate(c.startedAt, "shortDateTime")} to {formatDate(c.completedAt, "shortDateTime")}
                  </span>
                </td>
                <td>
                  <CompletionDecisionForms check={c} lastResult={actionData?.checkId === c.id ? actionData.result : undefined} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
