import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/session.server.ts";
import { tableZip } from "~/modules/impact/export.server.ts";
import { readFilters } from "~/modules/impact/impact.ts";
import { buildImpactReport } from "~/modules/impact/report.server.ts";
import { londonIsoDate } from "~/utils/dates.ts";
import { invariantResponse } from "~/utils/errors.ts";

/** One report table as CSV with its manifest, zipped (docs/decisions/0060). Funders and admins only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "funder", "admin");
  const read = readFilters(new URL(request.url).searchParams, londonIsoDate(new Date()));
  invariantResponse(read.ok, read.ok ? "" : Object.values(read.errors).join(" "), 400);
  const report = await buildImpactReport(read.filters);
  const table = report.tables.find((t) => t.id === params.table);
  invariantResponse(table, "There is no such table in the report.", 404);
  const body = await tableZip(report, table);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="pathways-impact-${table.id}-${read.filters.from}-to-${read.filters.to}.zip"`,
      "Cache-Control": "private, no-store",
    },
  });
}
