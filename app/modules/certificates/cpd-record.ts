import { toCsv } from "~/utils/csv.ts";
import { CERTIFICATE_WORDING, certificateSubject, certificateSubjectLabel, eventCertificateKey } from "./certificate-subject.ts";
import { londonIsoDate } from "~/utils/dates.ts";

/**
 * A teacher's CPD record (issue 12): the hours their certificates give, this academic year and in
 * all, and the same record as a CSV to hand to a performance-management review or an appraiser.
 * English schools' academic year runs from 1 September to 31 August; a certificate counts in the
 * year of the day (in London) its module was completed. Revoked certificates count for nothing.
 * Live events count too (docs/decisions/0057): their certificates of attendance, and the hours of
 * events attended below the certificate threshold, which have no certificate reference. Pure.
 */
export type CpdCertificate = {
  /** Empty for hours from a live event attended without a certificate. */
  id: string;
  /** The module, or "event:<id>" for a live event. */
  moduleId?: string;
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

/** Hours from a live event attended without a certificate of attendance. */
export type CpdAttendance = { eventId: string; title: string; hours: number; attendedOn: Date | string };

/** The record's entries: the certificates, then live events attended that have no certificate. */
export function cpdEntries(certificates: readonly CpdCertificate[], attendance: readonly CpdAttendance[]): CpdCertificate[] {
  return [
    ...certificates,
    ...attendance.map((a) => ({
      id: "",
      moduleId: eventCertificateKey(a.eventId),
      moduleTitle: a.title,
      versionNumber: 0,
      cpdHours: a.hours,
      completedAt: a.attendedOn,
      status: "valid",
    })),
  ];
}

/** Hours this academic year (that of `now`) and in all, from the valid certificates. */
export function cpdTotals(certificates: readonly CpdCertificate[], now: Date = new Date()): CpdTotals {
  const academicYear = academicYearOf(now);
  const valid = certificates.filter((c) => c.status === "valid");
  const sum = (list: readonly CpdCertificate[]) => Math.round(list.reduce((total, c) => total + c.cpdHours, 0) * 100) / 100;
  return {
    academicYear,
    thisYear: sum(valid.filter((c) => academicYearOf(c.completedAt) === academicYear)),
    allTime: sum(valid),
    certificates: valid.filter((c) => c.id).length,
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
    c.moduleId ? certificateSubjectLabel({ ...c, moduleId: c.moduleId }) : `${c.moduleTitle} (version ${c.versionNumber})`,
    c.id
      ? CERTIFICATE_WORDING[certificateSubject(c.moduleId ?? "").kind].kindInRecord
      : "Live event (attended; no certificate of attendance)",
    c.cpdHours,
    c.id,
    c.id ? `${origin}/verify/${c.id}` : "",
  ]);
  rows.push([], ["Total this academic year", totals.academicYear, "", "", totals.thisYear, "", ""]);
  rows.push(["Total, all time", "", "", "", totals.allTime, "", ""]);
  return toCsv(CPD_RECORD_HEADER, rows);
}
