import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { InviteForm } from "~/components/organisations/invite-form.tsx";
import { PendingInvitations } from "~/components/organisations/pending-invitations.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { EmailSchema } from "~/modules/auth/account-schema.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { formatHours } from "~/modules/certificates/open-badge.ts";
import { cancelInvitation, inviteStaffMember, resendInvitation } from "~/modules/organisations/invitations.server.ts";
import { invitationSentMessage } from "~/modules/organisations/invitations.ts";
import { decideJoinRequest } from "~/modules/organisations/join-requests.server.ts";
import { getStaffRecords } from "~/modules/organisations/organisations.server.ts";
import { MembershipRole } from "~/modules/organisations/organisations.ts";
import { formErrorReply, invariantResponse } from "~/utils/errors.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Staff CPD records: ${data.organisation.name} – Pathways` : "Staff CPD records – Pathways" },
];

/**
 * What a leader may do here: invite members of staff, and resend or cancel invitations. Making
 * someone a leader is for admins; removing someone has its own confirmation page.
 */
const StaffActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    email: EmailSchema,
    role: z.literal(MembershipRole.member, { error: "Only administrators can make someone a leader." }).optional(),
  }),
  z.object({ intent: z.literal("resend-invitation"), invitationId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("cancel-invitation"), invitationId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("approve-join"), requestId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("decline-join"), requestId: z.string().min(1).max(64) }),
]);

/** A leader's view: staff who share their record with it, who has not shared, and invitations. Anyone else gets 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const records = await getStaffRecords({ leaderId: user.id, organisationId: params.id ?? "", origin: appOrigin(request) });
  invariantResponse(records, "Organisation not found", 404);
  const removed = new URL(request.url).searchParams.get("removed") === "1";
  return { ...records, removed, now: new Date().toISOString() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const organisationId = params.id ?? "";
  const form = Object.fromEntries(await readForm(request));
  const email = String(form.email ?? "").slice(0, 254);
  const parsed = StaffActionSchema.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const status = issue?.path[0] === "role" ? 403 : 400;
    return data({ ok: false, message: issue?.message ?? "That was not understood. Try again.", email }, { status });
  }
  const origin = appOrigin(request);
  try {
    // Every function checks, in its queries, that this user leads this organisation: 404 if not.
    const input = parsed.data;
    if (input.intent === "invite") {
      const invited = await inviteStaffMember({ leaderId: user.id, organisationId, email: input.email, origin });
      invariantResponse(invited, "Organisation not found", 404);
      // The same words for every address: nothing says whether it has an account.
      return { ok: true, message: invitationSentMessage(invited.email) };
    }
    if (input.intent === "approve-join" || input.intent === "decline-join") {
      const approve = input.intent === "approve-join";
      const decided = await decideJoinRequest({ leaderId: user.id, organisationId, requestId: input.requestId, approve });
      return {
        ok: true,
        message: approve
          ? `${decided.name} is now a member of staff. Their record stays private until they choose to share it.`
          : `You declined ${decided.name}'s request to join.`,
      };
    }
    const target = { leaderId: user.id, organisationId, invitationId: input.invitationId };
    if (input.intent === "resend-invitation") {
      const resent = await resendInvitation({ ...target, origin });
      return { ok: true, message: `Invitation sent again to ${resent.email}, with a new link. The old link no longer works.` };
    }
    const cancelled = await cancelInvitation(target);
    return { ok: true, message: `Invitation to ${cancelled.email} cancelled. Its link no longer works.` };
  } catch (error) {
    const kept = parsed.data.intent === "invite" ? email : "";
    // Not leading it, or an invitation or request already answered (404), and the daily limit (429) are said beside the forms.
    const { reply, status } = formErrorReply(error, { beside: ["not-found", "too-many-requests"] });
    return data({ ok: false, message: reply.error, email: kept }, { status });
  }
}

/** Leads to the confirmation page (leaders are managed by admins, so they get no link). */
function RemoveLink({
  organisationId,
  member,
}: {
  organisationId: string;
  member: { userId: string; name: string; role: MembershipRole };
}) {
  if (member.role !== MembershipRole.member) return null;
  return (
    <Link className="button button--secondary" to={`/organisations/${organisationId}/members/${member.userId}/remove`}>
      Remove<span className="visually-hidden"> {member.name} from the organisation</span>
    </Link>
  );
}

export default function StaffRecordsPage() {
  const { organisation, staff, pending, invitations, joinRequests, removed, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failedEmail = actionData && !actionData.ok && "email" in actionData && actionData.email ? actionData : null;
  return (
    <div className="container page">
      <p className="muted">
        <Link to="/organisations">Your organisations</Link>
      </p>
      <h1>Staff CPD records: {organisation.name}</h1>
      {actionData ? (
        <Alert tone={actionData.ok ? "success" : "error"}>{actionData.message}</Alert>
      ) : removed ? (
        <Alert tone="success">Removed from the organisation: their sharing has ended. Their account and certificates are unchanged.</Alert>
      ) : null}
      <p>
        You see the records of staff who have agreed to share them with you. {pending.length} member
        {pending.length === 1 ? " has" : "s have"} not shared their record.
      </p>
      {staff.length > 0 ? (
        <p>
          <a href={`/organisations/${organisation.id}/records.csv`} download>
            Download these records as a spreadsheet (CSV)
          </a>
        </p>
      ) : null}
      {staff.length === 0 ? (
        <p>Nobody has shared their CPD record with {organisation.name} yet.</p>
      ) : (
        staff.map((member) => (
          <section key={member.userId} aria-labelledby={`staff-${member.userId}`} className="staff-record">
            <h2 id={`staff-${member.userId}`}>{member.name}</h2>
            <p className="muted">
              {member.email}. {formatHours(member.totalHours)} of CPD in valid certificates.
            </p>
            {member.certificates.length === 0 ? (
              <p>No certificates yet.</p>
            ) : (
              <table>
                <caption className="visually-hidden">Certificates of {member.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Module</th>
                    <th scope="col">CPD hours</th>
                    <th scope="col">Completed</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {member.certificates.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <a href={c.verifyUrl}>
                          {c.moduleTitle} (version {c.versionNumber})
                        </a>
                      </td>
                      <td>{formatHours(c.cpdHours)}</td>
                      <td>{formatDate(c.completedAt, "short")}</td>
                      <td>{c.status === "revoked" ? "Revoked" : "Valid"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {member.inProgress.length > 0 ? (
              <table>
                <caption>Modules {member.name} is working through</caption>
                <thead>
                  <tr>
                    <th scope="col">Module</th>
                    <th scope="col">Progress</th>
                    <th scope="col">Last activity</th>
                  </tr>
                </thead>
                <tbody>
                  {member.inProgress.map((m) => (
                    <tr key={m.moduleId}>
                      <td>{m.title}</td>
                      <td>{m.percent}% of required activities</td>
                      <td>{m.lastActivityAt ? formatDate(m.lastActivityAt, "short") : "Not started"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <RemoveLink organisationId={organisation.id} member={member} />
          </section>
        ))
      )}

      <section aria-labelledby="pending-heading" className="staff-record">
        <h2 id="pending-heading">Waiting for consent</h2>
        {pending.length === 0 ? (
          <p>Everyone in {organisation.name} shares their record.</p>
        ) : (
          <>
            <p className="muted">
              These people are in {organisation.name} but have not shared their CPD record, so you see nothing of it. Each of them can
              choose to share it from their own Pathways account.
            </p>
            <ul>
              {pending.map((member) => (
                <li key={member.userId} className="button-row">
                  <span>
                    <strong>{member.name}</strong> ({member.email}){member.role === MembershipRole.leader ? ", leader" : ""}: has not shared
                    their record
                  </span>
                  <RemoveLink organisationId={organisation.id} member={member} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {joinRequests.length > 0 ? (
        <section aria-labelledby="join-heading" className="staff-record">
          <h2 id="join-heading">Requests to join</h2>
          <p className="muted">These people named {organisation.name} when they created their Pathways account and asked to join.</p>
          <ul>
            {joinRequests.map((r) => (
              <li key={r.id} className="button-row">
                <span>
                  <strong>{r.user.name}</strong> ({r.user.email}), asked on {formatDate(r.createdAt, "short")}
                </span>
                <Form method="post">
                  <input type="hidden" name="intent" value="approve-join" />
                  <input type="hidden" name="requestId" value={r.id} />
                  <Button>
                    Approve<span className="visually-hidden"> {r.user.name}</span>
                  </Button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="decline-join" />
                  <input type="hidden" name="requestId" value={r.id} />
                  <Button variant="secondary">
                    Decline<span className="visually-hidden"> {r.user.name}</span>
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="invite-heading" className="staff-record">
        <h2 id="invite-heading">Invite members of staff</h2>
        <InviteForm organisation={organisation} error={failedEmail?.message} email={failedEmail?.email} />
        <h3 id="invitations-heading">Invitations waiting for an answer</h3>
        <PendingInvitations invitations={invitations} now={now} />
      </section>
    </div>
  );
}
