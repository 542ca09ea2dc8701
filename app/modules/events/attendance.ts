/**
 * Attendance at live events, without I/O (docs/decisions/0057): the register's statuses, when a
 * session's check-in code is accepted, the codes themselves, and the CPD hours attendance earns.
 */
import { z } from "zod";

export const AttendanceStatus = { present: "present", late: "late", leftEarly: "left-early", absent: "absent" } as const;
export type AttendanceStatus = (typeof AttendanceStatus)[keyof typeof AttendanceStatus];
export const ATTENDANCE_STATUSES = Object.values(AttendanceStatus);
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: "Present",
  late: "Late",
  "left-early": "Left early",
  absent: "Absent",
};
/** Late and leaving early still count as attending the session. */
export const attended = (status: string) => status !== AttendanceStatus.absent;

export const AttendanceMethod = { register: "register", checkIn: "check-in" } as const;

const MINUTE = 60_000;
/** A session's code is accepted from 30 minutes before it starts until 15 minutes after it ends. */
export const CHECK_IN_OPENS_BEFORE_MS = 30 * MINUTE;
export const CHECK_IN_CLOSES_AFTER_MS = 15 * MINUTE;
/** Checking in later than this after the start is recorded as late. */
export const LATE_AFTER_MS = 15 * MINUTE;

export function checkInWindow(session: { startsAt: Date; endsAt: Date }) {
  return {
    opensAt: new Date(session.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS),
    closesAt: new Date(session.endsAt.getTime() + CHECK_IN_CLOSES_AFTER_MS),
  };
}

export const checkInOpen = (session: { startsAt: Date; endsAt: Date }, now: Date) => {
  const { opensAt, closesAt } = checkInWindow(session);
  return opensAt <= now && now <= closesAt;
};

/** No 0/O, 1/I/L: a code read off a projector is typed right first time. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 6;

/** What someone typed, as a code: upper case, without spaces or dashes. */
export const normaliseCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, "");

export const CheckInSchema = z.object({
  code: z
    .string({ error: "Enter the code shown at the event." })
    .trim()
    .transform(normaliseCode)
    .pipe(z.string().length(CODE_LENGTH, { error: `The code has ${CODE_LENGTH} letters and numbers, e.g. K7PM3Q.` })),
});

/**
 * The register as posted: `status:<bookingId>` = a status, for each person on it. Anything else
 * in the form is ignored; an unknown status is refused.
 */
export function parseRegisterForm(form: FormData): { bookingId: string; status: AttendanceStatus }[] | { error: string } {
  const entries: { bookingId: string; status: AttendanceStatus }[] = [];
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("status:")) continue;
    const bookingId = name.slice("status:".length);
    if (typeof value !== "string" || !(ATTENDANCE_STATUSES as string[]).includes(value) || !bookingId || bookingId.length > 64) {
      return { error: "The register could not be read. Reload the page and take it again." };
    }
    entries.push({ bookingId, status: value as AttendanceStatus });
  }
  return entries;
}

/**
 * CPD hours earned by attending `attendedSessions` of `totalSessions`: the event's hours in
 * proportion (2 of 3 sessions earn two thirds), to the nearest quarter hour.
 */
export function attendedHours(cpdHours: number, totalSessions: number, attendedSessions: number): number {
  if (totalSessions <= 0 || attendedSessions <= 0) return 0;
  return Math.round(((cpdHours * Math.min(attendedSessions, totalSessions)) / totalSessions) * 4) / 4;
}
