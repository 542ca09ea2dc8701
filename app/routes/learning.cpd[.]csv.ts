import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server.ts";
import { listCertificatesForUser } from "~/modules/certificates/certificates.server.ts";
import { cpdEntries, cpdRecordCsv } from "~/modules/certificates/cpd-record.ts";
import { listAttendedEvents } from "~/modules/events/attendance.server.ts";
import { londonIsoDate } from "~/utils/dates.ts";
import { appOrigin } from "~/utils/http.server.ts";

/** The signed-in teacher's own CPD record (their certificates and hours) as a CSV file. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [certificates, attended] = await Promise.all([listCertificatesForUser(user.id), listAttendedEvents(user.id)]);
  const entries = cpdEntries(
    certificates,
    attended.filter((e) => !e.certificateId),
  );
  const now = new Date();
  // A byte-order mark so that Excel reads UTF-8 titles correctly; nosniff comes from helmet.
  return new Response(`\uFEFF${cpdRecordCsv(entries, appOrigin(request), now)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathways-cpd-record-${londonIsoDate(now)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
