/**
 * A report table as a download (docs/decisions/0060): a zip with the table as CSV and a manifest
 * (what it is, the filters, when the data it counts last changed, its rows, the code's version, the
 * CSV's SHA-256). Nothing in it depends on the moment it was made, so the same filters on the same
 * data give a byte-identical file: the zip's dates are the data's, not the clock's.
 */
import crypto from "node:crypto";
import JSZip from "jszip";
import pkg from "../../../package.json" with { type: "json" };
import { SUPPRESS_BELOW, SUPPRESSED_MARK } from "./suppression.ts";
import { tableCsv, type ImpactReport, type ReportTable } from "./impact.ts";

export type Manifest = {
  report: string;
  table: string;
  caption: string;
  filters: ImpactReport["filters"];
  dataAsOf: string | null;
  rows: number;
  columns: string[];
  codeVersion: string;
  file: string;
  sha256: string;
  suppression: string;
  note: string;
};

export function tableManifest(report: ImpactReport, table: ReportTable, csv: string): Manifest {
  return {
    report: "Pathways impact report",
    table: table.id,
    caption: table.caption,
    filters: report.filters,
    dataAsOf: report.dataAsOf,
    rows: table.rows.length,
    columns: table.header,
    codeVersion: `pathways ${pkg.version}`,
    file: `${table.id}.csv`,
    sha256: crypto.createHash("sha256").update(csv, "utf8").digest("hex"),
    suppression: `Counts from 1 to ${SUPPRESS_BELOW - 1} are shown as "${SUPPRESSED_MARK}", and so is any other count that would let one be worked out from a total. Ratings are shown by group: a module or event with fewer than ${SUPPRESS_BELOW} responses is shown as "${SUPPRESSED_MARK}" (and one more where needed).`,
    note: table.note,
  };
}

export async function tableZip(report: ImpactReport, table: ReportTable): Promise<Uint8Array> {
  const csv = tableCsv(table);
  const manifest = tableManifest(report, table, csv);
  // The data's own date (or the period's end), never the time of the request.
  const date = new Date(report.dataAsOf ?? `${report.filters.to}T00:00:00Z`);
  const zip = new JSZip();
  zip.file(manifest.file, csv, { date });
  zip.file("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`, { date });
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", platform: "UNIX" });
}
