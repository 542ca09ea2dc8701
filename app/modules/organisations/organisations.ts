/**
 * Organisations and their staff (pure rules and formats, no I/O). A leader sees the CPD record of
 * a member only while that member has explicitly agreed to share it; consent can be withdrawn at
 * any time, and then the leader sees nothing of them.
 */
export const MembershipRole = { member: "member", leader: "leader" } as const;
export type MembershipRole = (typeof MembershipRole)[keyof typeof MembershipRole];
export const MEMBERSHIP_ROLES = [MembershipRole.member, MembershipRole.leader] as const;

export const MEMBERSHIP_ROLE_LABELS: Record<MembershipRole, string> = { member: "Member of staff", leader: "Leader" };

export type StaffRecordRow = {
  name: string;
  email: string;
  moduleTitle: string;
  versionNumber: number;
  cpdHours: number;
  completedAt: Date;
  status: string;
  certificateId: string;
  verifyUrl: string;
};

/**
 * One CSV cell (RFC 4180 quoting). A cell a spreadsheet would read as a formula (=, +, -, @, tab,
 * carriage return) is prefixed with an apostrophe, so opening the export never runs anything.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

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
];

/** The leader's export: one row per certificate, with a header; CRLF line ends, as Excel expects. */
export function staffRecordsCsv(rows: StaffRecordRow[]): string {
  const lines = [STAFF_CSV_HEADER.map(csvCell).join(",")];
  for (const r of rows) {
    lines.push(
      [
        r.name,
        r.email,
        r.moduleTitle,
        r.versionNumber,
        r.cpdHours,
        r.completedAt.toISOString().slice(0, 10),
        r.status,
        r.certificateId,
        r.verifyUrl,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
