import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { REJECT_REASON_MAX } from "~/modules/certificates/completion-checks.ts";
import { approveCompletion, listHeldCompletions, rejectCompletion } from "~/modules/certificates/completion-checks.server.ts";
import { formErrorReply } from "~/utils/errors.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "Completions to check – Pathways admin" }];

/** Completions much faster than the module's stated time wait here for an admin (docs/decisions/0024). */
const CompletionDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), checkId: z.string().trim().min(1).max(64) }),
  z.object({
    intent: z.literal("reject"),
    checkId: z.string().trim().min(1).max(64),
    reason: z
      .string()
      .trim()
      .min(3, "Give a reason for rejecting: the learner is shown it")
      .max(REJECT_REASON_MAX, `Keep the reason under ${REJECT_REASON_MAX} characters`),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { held: await listHeldCompletions() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  const parsed = CompletionDecisionSchema.safeParse(Object.fromEntries(form));
  const checkId = String(form.get("checkId") ?? "").slice(0, 64);
  if (!parsed.success) return data({ ok: false, checkId, message: parsed.error.issues[0]?.message ?? "Not understood" }, { status: 400 });
  try {
    if (parsed.data.intent === "approve") {
      await approveCompletion({ checkId: parsed.data.checkId, adminId: admin.id, origin: appOrigin(request) });
      return { ok: true, checkId, message: "Approved: the certificate has been issued." };
    }
    await rejectCompletion({ checkId: parsed.data.checkId, adminId: admin.id, reason: parsed.data.reason });
    return { ok: true, checkId, message: "Rejected: the learner is shown your reason." };
  } catch (error) {
    // Already decided (404), or a certificate that cannot be issued (issueCertificate's refusals), is said beside the list.
    const { reply, status } = formErrorReply(error, { beside: ["not-found", "unauthenticated", "forbidden", "email-unverified"] });
    return data({ ok: false, checkId, message: reply.error }, { status });
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
                  <Form method="post">
                    <input type="hidden" name="checkId" value={c.id} />
                    <Button name="intent" value="approve">
                      Approve<span className="visually-hidden"> and issue the certificate of {c.user.name}</span>
                    </Button>
                  </Form>
                  <Form method="post" className="revoke-form">
                    <input type="hidden" name="checkId" value={c.id} />
                    <input type="hidden" name="intent" value="reject" />
                    <label htmlFor={`reason-${c.id}`}>
                      Reason<span className="visually-hidden"> for rejecting the completion of {c.user.name}</span>
                    </label>
                    <input id={`reason-${c.id}`} name="reason" type="text" required minLength={3} maxLength={REJECT_REASON_MAX} />
                    <Button variant="danger">
                      Reject<span className="visually-hidden"> the completion of {c.user.name}</span>
                    </Button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
