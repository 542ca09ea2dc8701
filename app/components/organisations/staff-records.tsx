import { Link } from "@remix-run/react";
import { certificateSubjectLabel } from "~/modules/certificates/certificate-subject.ts";
import { formatHours } from "~/modules/certificates/open-badge.ts";
import { MembershipRole } from "~/modules/organisations/organisations.ts";
import { formatDate } from "~/utils/dates.ts";

type Member = { userId: string; name: string; email: string; role: MembershipRole };

/** One member who shares their record with the organisation: what getStaffRecords selects for them. */
export type SharedRecord = Member & {
  totalHours: number;
  certificates: {
    id: string;
    verifyUrl: string;
    moduleId: string;
    moduleTitle: string;
    versionNumber: number;
    cpdHours: number;
    completedAt: string | Date;
    status: string;
  }[];
  inProgress: { moduleId: string; title: string; percent: number; lastActivityAt: string | Date | null }[];
};

/** Leads to the confirmation page (leaders are managed by admins, so they get no link). */
function RemoveLink({ organisationId, member }: { organisationId: string; member: Member }) {
  if (member.role !== MembershipRole.member) return null;
  return (
    <Link className="button button--secondary" to={`/organisations/${organisationId}/members/${member.userId}/remove`}>
      Remove<span className="visually-hidden"> {member.name} from the organisation</span>
    </Link>
  );
}

/** A leader's view of one member's shared record: certificates, modules in progress, and "Remove". */
export function StaffRecord({ organisationId, member }: { organisationId: string; member: SharedRecord }) {
  return (
    <section aria-labelledby={`staff-${member.userId}`} className="staff-record">
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
                  <a href={c.verifyUrl}>{certificateSubjectLabel(c)}</a>
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
      <RemoveLink organisationId={organisationId} member={member} />
    </section>
  );
}

/** Members who have not shared their record: the leader sees only that they are there. */
export function WaitingForConsent({ organisation, pending }: { organisation: { id: string; name: string }; pending: Member[] }) {
  return (
    <section aria-labelledby="pending-heading" className="staff-record">
      <h2 id="pending-heading">Waiting for consent</h2>
      {pending.length === 0 ? (
        <p>Everyone in {organisation.name} shares their record.</p>
      ) : (
        <>
          <p className="muted">
            These people are in {organisation.name} but have not shared their CPD record, so you see nothing of it. Each of them can choose
            to share it from their own Pathways account.
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
  );
}
