import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server.ts";
import { formatHours } from "~/modules/certificates/open-badge.ts";
import { getStaffRecords } from "~/modules/organisations/organisations.server.ts";
import { invariantResponse } from "~/utils/errors.ts";
import { appOrigin } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Staff CPD records: ${data.organisation.name} – Pathways` : "Staff CPD records – Pathways" },
];

/** A leader's view: the certificates of staff who have agreed to share them. Anyone else gets 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const records = await getStaffRecords({ leaderId: user.id, organisationId: params.id ?? "", origin: appOrigin(request) });
  invariantResponse(records, "Organisation not found", 404);
  return records;
}

const date = (d: string | Date) => new Date(d).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

export default function StaffRecordsPage() {
  const { organisation, staff, notSharing } = useLoaderData<typeof loader>();
  return (
    <div className="container page">
      <p className="muted">
        <Link to="/organisations">Your organisations</Link>
      </p>
      <h1>Staff CPD records: {organisation.name}</h1>
      <p>
        You see the records of staff who have agreed to share them with you. {notSharing} member{notSharing === 1 ? " has" : "s have"} not
        shared their record.
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
          </section>
        ))
      )}
    </div>
  );
}
