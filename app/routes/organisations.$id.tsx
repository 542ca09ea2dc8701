import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { InviteForm } from "~/components/organisations/invite-form.tsx";
import { JoinRequests } from "~/components/organisations/join-requests.tsx";
import { PendingInvitations } from "~/components/organisations/pending-invitations.tsx";
import { StaffRecord, WaitingForConsent } from "~/components/organisations/staff-records.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { cancelInvitation, inviteStaffMember, resendInvitation } from "~/modules/organisations/invitations.server.ts";
import { invitationSentMessage } from "~/modules/organisations/invitations.ts";
import { decideJoinRequest } from "~/modules/organisations/join-requests.server.ts";
import { StaffActionSchema } from "~/modules/organisations/organisation-forms.ts";
import { getStaffRecords } from "~/modules/organisations/organisations.server.ts";
import { firstErrorMessage, formErrorReply, invariantResponse } from "~/utils/errors.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Staff CPD records: ${data.organisation.name} – Pathways` : "Staff CPD records – Pathways" },
];

/** A leader's view: staff who share their record with it, who has not shared, and invitations. Anyone else gets 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const records = await getStaffRecords({ leaderId: user.id, organisationId: params.id ?? "", origin: appOrigin(request) });
  invariantResponse(records, "Organisation not found", 404);
  const removed = new URL(request.url).searchParams.get("removed") === "1";
  return { ...records, removed, now: new Date().toISOString() };
}

/** What a leader may do here (StaffActionSchema): invite, resend or cancel invitations, answer requests to join. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const organisationId = params.id ?? "";
  const submission = parseWithZod(await readForm(request), { schema: StaffActionSchema });
  // Which form was sent: only the invitation form has a field to show errors beside.
  const intent = String(submission.payload.intent ?? "");
  if (submission.status !== "success") {
    // Asking to make someone a leader is refused (403), not a mistake to put right.
    const status = submission.error?.role ? 403 : 400;
    const message = firstErrorMessage(submission.error, "That was not understood. Try again.");
    return data({ ok: false, message, intent, result: submission.reply() }, { status });
  }
  const origin = appOrigin(request);
  const input = submission.value;
  const done = (message: string) => ({ ok: true, message, intent, result: submission.reply({ resetForm: true }) });
  try {
    // Every function checks, in its queries, that this user leads this organisation: 404 if not.
    if (input.intent === "invite") {
      const invited = await inviteStaffMember({ leaderId: user.id, organisationId, email: input.email, origin });
      invariantResponse(invited, "Organisation not found", 404);
      // The same words for every address: nothing says whether it has an account.
      return done(invitationSentMessage(invited.email));
    }
    if (input.intent === "approve-join" || input.intent === "decline-join") {
      const approve = input.intent === "approve-join";
      const decided = await decideJoinRequest({ leaderId: user.id, organisationId, requestId: input.requestId, approve });
      return done(
        approve
          ? `${decided.name} is now a member of staff. Their record stays private until they choose to share it.`
          : `You declined ${decided.name}'s request to join.`,
      );
    }
    const target = { leaderId: user.id, organisationId, invitationId: input.invitationId };
    if (input.intent === "resend-invitation") {
      const resent = await resendInvitation({ ...target, origin });
      return done(`Invitation sent again to ${resent.email}, with a new link. The old link no longer works.`);
    }
    const cancelled = await cancelInvitation(target);
    return done(`Invitation to ${cancelled.email} cancelled. Its link no longer works.`);
  } catch (error) {
    // Not leading it, or an invitation or request already answered (404), and the daily limit (429) are said beside the forms.
    const { reply, status } = formErrorReply(error, { beside: ["not-found", "too-many-requests"] });
    return data({ ok: false, message: reply.error, intent, result: submission.reply({ formErrors: [reply.error] }) }, { status });
  }
}

export default function StaffRecordsPage() {
  const { organisation, staff, pending, invitations, joinRequests, removed, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
      <p>
        <Link to={`/organisations/${organisation.id}/school`}>Your school in Get Information About Schools</Link>: so that the programme
        counts it once.
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
        staff.map((member) => <StaffRecord key={member.userId} organisationId={organisation.id} member={member} />)
      )}
      <WaitingForConsent organisation={organisation} pending={pending} />
      <JoinRequests organisation={organisation} requests={joinRequests} />
      <section aria-labelledby="invite-heading" className="staff-record">
        <h2 id="invite-heading">Invite members of staff</h2>
        <InviteForm organisation={organisation} lastResult={actionData?.intent === "invite" ? actionData.result : undefined} />
        <h3 id="invitations-heading">Invitations waiting for an answer</h3>
        <PendingInvitations invitations={invitations} now={now} />
      </section>
    </div>
  );
}
