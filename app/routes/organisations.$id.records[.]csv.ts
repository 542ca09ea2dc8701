import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server.ts";
import { getStaffRecords, staffRecordRows } from "~/modules/organisations/organisations.server.ts";
import { staffRecordsCsv } from "~/modules/organisations/organisations.ts";
import { invariantResponse } from "~/utils/errors.ts";
import { appOrigin } from "~/utils/http.server.ts";

/** The leader's export of consenting staff's certificates. Anyone else gets 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const records = await getStaffRecords({ leaderId: user.id, organisationId: params.id ?? "", origin: appOrigin(request) });
  invariantResponse(records, "Organisation not found", 404);
  const day = new Date().toISOString().slice(0, 10);
  // A byte-order mark so that Excel reads the UTF-8 names correctly; nosniff comes from helmet.
  return new Response(`\uFEFF${staffRecordsCsv(staffRecordRows(records))}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathways-staff-cpd-${day}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
