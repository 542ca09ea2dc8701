import { toCsv } from "~/utils/csv.ts";
import { londonIsoDate } from "~/utils/dates.ts";

/**
 * A teacher's CPD record (issue 12): the hours their certificates give, this academic year and in
 * all, and the same record as a CSV to hand to a performance-management review or an appraiser.
 * English schools' academic year runs from 1 September to 31 August; a certificate counts in the
 * year of the day (in London) its module was completed. Revoked certificates count for nothing.
 * Certificates of attendance will join this record when live events exist (issue 15). Pure.
 */
export type CpdCertificate = {
  id: string;
  moduleTitle: string;
  versionNumber: number;
  cpdHours: number;
  completedAt: Date | string;
  status: string;
};

/** "2026/27" for any day from 1 September 2026 to 31 August 2027 (in London). */
export function academicYearOf(date: Date | string): string {
  const [year, month] = londonIsoDate(date).split("-").map(Number) as [number, number];
  const start = month >= 9 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}

export type CpdTotals = { academicYear: string; thisYear: number; allTime: number; certificates: number };

/** Hours this academic year (that of `now`) and in all, from the valid certificates. */
export function cpdTotals(certificates: readonly CpdCertificate[], now: Date = new Date()): CpdTotals {
  const academicYear = academicYearOf(now);
  const valid = certificates.filter((c) => c.status === "valid");
  const sum = (list: readonly CpdCertificate[]) => Math.round(list.reduce((total, c) => total + c.cpdHours, 0) * 100) / 100;
  return {
    academicYear,
    thisYear: sum(valid.filter((c) => academicYearOf(c.completedAt) === academicYear)),
    allTime: sum(valid),
    certificates: valid.length,
  };
}

export const CPD_RECORD_HEADER = [
  "Completed on",
  "Academic year",
  "Activity",
  "Kind",
  "CPD hours",
  "Certificate reference",
  "Check at",
] as const;

/** The record as CSV, oldest first, with the totals on the last rows; revoked certificates left out. */
export function cpdRecordCsv(certificates: readonly CpdCertificate[], origin: string, now: Date = new Date()): string {
  const valid = certificates
    .filter((c) => c.status === "valid")
    .sort((a, b) => new Date(a.completedAt).getTime() - new Date(b.completedAt).getTime());
  const totals = cpdTotals(valid, now);
  const rows: (string | number)[][] = valid.map((c) => [
    londonIsoDate(c.completedAt),
    academicYearOf(c.completedAt),
    `${c.moduleTitle} (version ${c.versionNumber})`,
    "Online module",
    c.cpdHours,
    c.id,
    `${origin}/verify/${c.id}`,
  ]);
  rows.push([], ["Total this academic year", totals.academicYear, "", "", totals.thisYear, "", ""]);
  rows.push(["Total, all time", "", "", "", totals.allTime, "", ""]);
  return toCsv(CPD_RECORD_HEADER, rows);
}
