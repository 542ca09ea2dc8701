import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AddMemberForm } from "~/components/organisations/add-member-form.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { formatHours } from "~/modules/certificates/open-badge.ts";
import { addStaffMember, getStaffRecords, removeStaffMember } from "~/modules/organisations/organisations.server.ts";
import { MembershipRole } from "~/modules/organisations/organisations.ts";
import { AppError, invariantResponse } from "~/utils/errors.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Staff CPD records: ${data.organisation.name} – Pathways` : "Staff CPD records – Pathways" },
];

/**
 * What a leader may do here. Leaders add and remove members of staff only: making someone a
 * leader (or removing one) is for admins.
 */
const StaffActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add-member"),
    email: z.email("Enter an email address, like name@school.example").max(254, "Enter an email address, like name@school.example"),
    role: z.literal(MembershipRole.member, { error: "Only administrators can make someone a leader." }).optional(),
  }),
  z.object({ intent: z.literal("remove-member"), userId: z.string().min(1).max(64) }),
]);

/** A leader's view: staff who share their record with it, and who has not shared. Anyone else gets 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const records = await getStaffRecords({ leaderId: user.id, organisationId: params.id ?? "", origin: appOrigin(request) });
  invariantResponse(records, "Organisation not found", 404);
  return { ...records, signUpUrl: `${appOrigin(request)}/sign-up` };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const organisationId = params.id ?? "";
  const form = Object.fromEntries(await readForm(request));
  const email = String(form.email ?? "");
  const parsed = StaffActionSchema.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const status = issue?.path[0] === "role" ? 403 : 400;
    return data({ ok: false, message: issue?.message ?? "That was not understood. Try again.", email }, { status });
  }
  try {
    // Both functions check, in their queries, that this user leads this organisation: 404 if not.
    if (parsed.data.intent === "add-member") {
      const result = await addStaffMember({ leaderId: user.id, organisationId, email: parsed.data.email });
      invariantResponse(result, "Organisation not found", 404);
      return {
        ok: true,
        message: result.added
          ? `${result.name} is now a member of staff in ${result.organisation}. Their record stays private until they choose to share it.`
          : `${result.name} is already in ${result.organisation}.`,
      };
    }
    await removeStaffMember({ leaderId: user.id, organisationId, userId: parsed.data.userId });
    return { ok: true, message: "Removed from the organisation. Their account and certificates are unchanged." };
  } catch (error) {
    if (error instanceof AppError) return data({ ok: false, message: error.message, email }, { status: error.status });
    throw error;
  }
}

const date = (d: string | Date) => new Date(d).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** Removes a member of staff (leaders are managed by admins, so they get no button). */
function RemoveButton({ member }: { member: { userId: string; name: string; role: MembershipRole } }) {
  if (member.role !== MembershipRole.member) return null;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="remove-member" />
      <input type="hidden" name="userId" value={member.userId} />
      <Button variant="secondary">
        Remove<span className="visually-hidden"> {member.name} from the organisation</span>
      </Button>
    </Form>
  );
}

export default function StaffRecordsPage() {
  const { organisation, staff, pending, signUpUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failedEmail = actionData && !actionData.ok && "email" in actionData && actionData.email ? actionData : null;
  return (
    <div className="container page">
      <p className="muted">
        <Link to="/organisations">Your organisations</Link>
      </p>
      <h1>Staff CPD records: {organisation.name}</h1>
      {actionData ? <Alert tone={actionData.ok ? "success" : "error"}>{actionData.message}</Alert> : null}
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
                      <td>{date(c.completedAt)}</td>
                      <td>{c.status === "revoked" ? "Revoked" : "Valid"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <RemoveButton member={member} />
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
                  <RemoveButton member={member} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="add-heading" className="staff-record">
        <h2 id="add-heading">Add a member of staff</h2>
        <AddMemberForm
          organisation={organisation}
          hint={
            <>
              They need a Pathways account with this email address first: if they have none, ask them to sign up at {signUpUrl}. Only
              administrators can add leaders.
            </>
          }
          error={failedEmail?.message}
          email={failedEmail?.email}
        />
      </section>
    </div>
  );
}
