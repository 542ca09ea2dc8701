/**
 * Organisations and their staff (pure rules and formats, no I/O). A leader sees the CPD record of
 * a member only while that member has explicitly agreed to share it; consent can be withdrawn at
 * any time, and then the leader sees nothing of them.
 */
import { toCsv } from "~/utils/csv.ts";
import { londonIsoDate } from "~/utils/dates.ts";

export const MembershipRole = { member: "member", leader: "leader" } as const;
export type MembershipRole = (typeof MembershipRole)[keyof typeof MembershipRole];
export const MEMBERSHIP_ROLES = [MembershipRole.member, MembershipRole.leader] as const;

export const MEMBERSHIP_ROLE_LABELS: Record<MembershipRole, string> = { member: "Member of staff", leader: "Leader" };

/** One row of the leader's export: a certificate, or a module still in progress (no certificate yet). */
export type StaffRecordRow = {
  name: string;
  email: string;
  moduleTitle: string;
  versionNumber: number | null;
  cpdHours: number | null;
  completedAt: Date | null;
  status: string; // CertificateStatus, or "in progress"
  certificateId: string;
  verifyUrl: string;
  percent: number;
  lastActivityAt: Date | null;
};

export const IN_PROGRESS = "in progress";

/**
 * Exactly what a member who shares their record lets the organisation's leaders see (shown where
 * they choose, and matched by what getStaffRecords selects).
 */
export const SHARED_RECORD_DESCRIPTION =
  "your certificates (module, version, CPD hours, date completed, whether it is valid, and its verification link) and the modules you have started but not finished (module, percentage of required activities done, and the date of your last activity). Never your answers, code, reflections or journal.";

export const STAFF_CSV_HEADER = [
  "Name",
  "Email",
  "Module",
  "Version",
  "CPD hours",
  "Completed on",
  "Status",
  "Certificate reference",
  "Verification address",
  "Progress (%)",
  "Last activity on",
];

/** The day in London, YYYY-MM-DD (what a spreadsheet sorts and reads as a date). */
const day = (d: Date | null) => (d ? londonIsoDate(d) : "");

/** The leader's export: one row per certificate and per module in progress, through the shared CSV writer. */
export function staffRecordsCsv(rows: StaffRecordRow[]): string {
  return toCsv(
    STAFF_CSV_HEADER,
    rows.map((r) => [
      r.name,
      r.email,
      r.moduleTitle,
      r.versionNumber ?? "",
      r.cpdHours ?? "",
      day(r.completedAt),
      r.status,
      r.certificateId,
      r.verifyUrl,
      r.percent,
      day(r.lastActivityAt),
    ]),
  );
}
