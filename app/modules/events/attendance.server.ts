/**
 * Registers and self check-in (docs/decisions/0057). Organisers (checked by the caller) take the
 * register for a session; attendees with a place check themselves in with the session's code while
 * check-in is open. The register has the last word: a check-in never overwrites what an organiser
 * recorded.
 */
import crypto from "node:crypto";
import { Prisma } from "~/generated/prisma/client.ts";
import { issueAttendanceCertificate } from "~/modules/certificates/certificates.server.ts";
import { eventCertificateKey } from "~/modules/certificates/certificate-subject.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatSessionTime } from "~/utils/dates.ts";
import { AppError } from "~/utils/errors.ts";
import {
  AttendanceMethod,
  AttendanceStatus,
  attended,
  attendedHours,
  checkInOpen,
  checkInWindow,
  CODE_ALPHABET,
  CODE_LENGTH,
  LATE_AFTER_MS,
} from "./attendance.ts";
import { BookingStatus } from "./bookings.ts";

function newCheckInCode(): string {
  // 256 is not a multiple of 31: rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % CODE_ALPHABET.length);
  let code = "";
  while (code.length < CODE_LENGTH) {
    for (const byte of crypto.randomBytes(CODE_LENGTH * 2)) {
      if (byte < limit && code.length < CODE_LENGTH) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
    }
  }
  return code;
}

/** The session's code, made the first time anyone asks (two at once agree: only a null is replaced). */
async function ensureCheckInCode(eventId: string, key: string): Promise<string> {
  await prisma.eventSession.updateMany({ where: { eventId, key, checkInCode: null }, data: { checkInCode: newCheckInCode() } });
  const session = await prisma.eventSession.findUniqueOrThrow({ where: { eventId_key: { eventId, key } }, select: { checkInCode: true } });
  return session.checkInCode!;
}

/** The session nearest `now` (the one on today, or the next, or the last): the register opens on it. */
function nearestSession<S extends { startsAt: Date; endsAt: Date }>(sessions: S[], now: Date): S | undefined {
  return sessions.find((s) => s.endsAt.getTime() + CHECK_IN_GRACE_MS >= now.getTime()) ?? sessions.at(-1);
}
const CHECK_IN_GRACE_MS = 3 * 60 * 60 * 1000;

export type RegisterRow = { bookingId: string; name: string; organisation: string; status: string | null; method: string | null };

/** A session's register: the event, its sessions, this session's code, and everyone with a place. */
export async function getRegister(eventId: string, sessionKey: string | null, { now = new Date() } = {}) {
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      title: true,
      cancelledAt: true,
      sessions: { orderBy: { position: "asc" }, select: { key: true, title: true, startsAt: true, endsAt: true } },
    },
  });
  if (!event) return null;
  const session = sessionKey ? event.sessions.find((s) => s.key === sessionKey) : nearestSession(event.sessions, now);
  if (!session) return null;
  const [code, bookings] = await Promise.all([
    ensureCheckInCode(eventId, session.key),
    prisma.eventBooking.findMany({
      where: { eventId, status: BookingStatus.confirmed },
      orderBy: { user: { name: "asc" } },
      select: {
        id: true,
        user: { select: { name: true, organisationName: true } },
        attendance: { where: { sessionKey: session.key }, select: { status: true, method: true } },
      },
    }),
  ]);
  const window = checkInWindow(session);
  return {
    event: { id: event.id, title: event.title, cancelled: event.cancelledAt !== null },
    sessions: event.sessions.map((s) => ({ key: s.key, title: s.title, when: formatSessionTime(s.startsAt, s.endsAt) })),
    session: { key: session.key, title: session.title, when: formatSessionTime(session.startsAt, session.endsAt) },
    checkIn: { code, open: checkInOpen(session, now), opensAt: window.opensAt, closesAt: window.closesAt },
    rows: bookings.map((b): RegisterRow => ({
      bookingId: b.id,
      name: b.user.name,
      organisation: b.user.organisationName,
      status: b.attendance[0]?.status ?? null,
      method: b.attendance[0]?.method ?? null,
    })),
  };
}

/** Saves the register for one session. Every booking must be a confirmed place on this event. */
export async function saveRegister({
  eventId,
  sessionKey,
  entries,
  recordedBy,
  now = new Date(),
}: {
  eventId: string;
  sessionKey: string;
  entries: { bookingId: string; status: AttendanceStatus }[];
  recordedBy: string;
  now?: Date;
}): Promise<number> {
  const saved = await prisma.$transaction(async (tx) => {
    const session = await tx.eventSession.findUnique({ where: { eventId_key: { eventId, key: sessionKey } }, select: { startsAt: true } });
    if (!session) throw new AppError("not-found", "This session does not exist.");
    if (session.startsAt.getTime() - now.getTime() > 24 * 60 * 60 * 1000) {
      throw new AppError("conflict", "The register for this session opens on the day.");
    }
    const ids = entries.map((e) => e.bookingId);
    const valid = await tx.eventBooking.count({ where: { id: { in: ids }, eventId, status: BookingStatus.confirmed } });
    if (valid !== new Set(ids).size)
      throw new AppError("conflict", "Someone on this register no longer has a place. Reload the page and take it again.");
    for (const { bookingId, status } of entries) {
      const data = { status, method: AttendanceMethod.register, recordedAt: now, recordedBy };
      await tx.eventAttendance.upsert({
        where: { bookingId_sessionKey: { bookingId, sessionKey } },
        create: { bookingId, sessionKey, ...data },
        update: data,
      });
    }
    return entries.length;
  });
  // A register completed after the event: its certificates now, rather than at the next hourly run.
  await issueAttendanceCertificates(eventId, { now });
  return saved;
}

export type CheckInResult = { session: string; status: AttendanceStatus; already: boolean };

/**
 * Checks the signed-in attendee in with a session's code. Only someone with a place, only with the
 * code of a session of this event whose check-in is open now.
 */
export async function checkIn({
  userId,
  eventId,
  code,
  now = new Date(),
}: {
  userId: string;
  eventId: string;
  code: string;
  now?: Date;
}): Promise<CheckInResult> {
  const booking = await prisma.eventBooking.findUnique({
    where: { eventId_userId: { eventId, userId } },
    select: {
      id: true,
      status: true,
      event: {
        select: { cancelledAt: true, sessions: { select: { key: true, title: true, startsAt: true, endsAt: true, checkInCode: true } } },
      },
    },
  });
  if (!booking || booking.status !== BookingStatus.confirmed || booking.event.cancelledAt) {
    throw new AppError(
      "forbidden",
      "Only people with a place on this event can check in. If you are here without a booking, tell the organisers.",
    );
  }
  const session = booking.event.sessions.find((s) => s.checkInCode !== null && s.checkInCode === code);
  if (!session) throw new AppError("conflict", "That code does not match this event. Check the code on the screen and try again.");
  if (!checkInOpen(session, now)) {
    const { opensAt } = checkInWindow(session);
    throw new AppError(
      "conflict",
      now < opensAt
        ? "Check-in for this session opens 30 minutes before it starts."
        : "Check-in for this session has closed. Tell the organisers you were there.",
    );
  }
  const label = formatSessionTime(session.startsAt, session.endsAt);
  const existing = await prisma.eventAttendance.findUnique({
    where: { bookingId_sessionKey: { bookingId: booking.id, sessionKey: session.key } },
  });
  if (existing) return { session: label, status: existing.status as AttendanceStatus, already: true };
  const status = now.getTime() - session.startsAt.getTime() > LATE_AFTER_MS ? AttendanceStatus.late : AttendanceStatus.present;
  try {
    await prisma.eventAttendance.create({
      data: { bookingId: booking.id, sessionKey: session.key, status, method: AttendanceMethod.checkIn, recordedAt: now },
    });
  } catch (error) {
    // Checked in twice at once (two taps): the first one stands.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const first = await prisma.eventAttendance.findUniqueOrThrow({
      where: { bookingId_sessionKey: { bookingId: booking.id, sessionKey: session.key } },
    });
    return { session: label, status: first.status as AttendanceStatus, already: true };
  }
  return { session: label, status, already: false };
}

/** The person's attendance and the CPD hours it has earned, per event they had a place on. */
export async function attendanceSummary(userId: string, eventId: string) {
  const booking = await prisma.eventBooking.findUnique({
    where: { eventId_userId: { eventId, userId } },
    select: { attendance: { select: { status: true } }, event: { select: { cpdHours: true, _count: { select: { sessions: true } } } } },
  });
  if (!booking) return null;
  const count = booking.attendance.filter((a) => attended(a.status)).length;
  return {
    attended: count,
    sessions: booking.event._count.sessions,
    hours: attendedHours(booking.event.cpdHours, booking.event._count.sessions, count),
  };
}

/** The sessions the person is recorded at (for the check-in page's confirmation), in session order. */
export async function myAttendance(userId: string, eventId: string) {
  const booking = await prisma.eventBooking.findUnique({
    where: { eventId_userId: { eventId, userId } },
    select: {
      attendance: { select: { sessionKey: true, status: true } },
      event: { select: { sessions: { orderBy: { position: "asc" }, select: { key: true, startsAt: true, endsAt: true } } } },
    },
  });
  if (!booking) return [];
  const status = new Map(booking.attendance.map((a) => [a.sessionKey, a.status as AttendanceStatus]));
  return booking.event.sessions.flatMap((s) =>
    status.has(s.key) ? [{ when: formatSessionTime(s.startsAt, s.endsAt), status: status.get(s.key)! }] : [],
  );
}

/** Events ended longer ago than this are no longer looked at for certificates. */
const CERTIFICATE_WINDOW_DAYS = 60;

/**
 * Issues certificates of attendance for an event that is over (docs/decisions/0057): to everyone
 * with a place who attended at least the event's threshold of its sessions, for the CPD hours their
 * attendance earned, dated at the end of the last session they attended. Already issued ones are
 * left as they are. Returns how many it issued now.
 */
export async function issueAttendanceCertificates(eventId: string, { now = new Date() } = {}): Promise<number> {
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    select: {
      title: true,
      cpdHours: true,
      endsAt: true,
      cancelledAt: true,
      attendanceThreshold: true,
      sessions: { select: { key: true, endsAt: true } },
      bookings: {
        where: { status: BookingStatus.confirmed },
        select: { userId: true, origin: true, attendance: { select: { sessionKey: true, status: true } } },
      },
    },
  });
  if (!event || event.cancelledAt || event.endsAt > now || event.sessions.length === 0) return 0;
  const ends = new Map(event.sessions.map((s) => [s.key, s.endsAt]));
  let issued = 0;
  for (const booking of event.bookings) {
    const came = booking.attendance.filter((a) => attended(a.status) && ends.has(a.sessionKey));
    if (came.length === 0 || (came.length * 100) / event.sessions.length < event.attendanceThreshold) continue;
    const result = await issueAttendanceCertificate({
      userId: booking.userId,
      eventId,
      title: event.title,
      cpdHours: attendedHours(event.cpdHours, event.sessions.length, came.length),
      completedAt: new Date(Math.max(...came.map((a) => ends.get(a.sessionKey)!.getTime()))),
      origin: booking.origin,
      now,
    });
    if (result?.created) issued++;
  }
  return issued;
}

/** The hourly job: certificates for every event that ended in the last 60 days (late registers count). */
export async function issueDueAttendanceCertificates({ now = new Date() } = {}): Promise<number> {
  const events = await prisma.event.findMany({
    where: { cancelledAt: null, endsAt: { lte: now, gte: new Date(now.getTime() - CERTIFICATE_WINDOW_DAYS * 86_400_000) } },
    select: { id: true },
  });
  let issued = 0;
  for (const { id } of events) issued += await issueAttendanceCertificates(id, { now });
  return issued;
}

export type AttendedEvent = {
  eventId: string;
  title: string;
  hours: number;
  attendedOn: Date;
  certificateId: string | null;
  /** Over, and not yet rated: My learning asks for feedback (docs/decisions/0058). */
  feedbackDue: boolean;
};

/**
 * The live events a person attended (at least one session) and the CPD hours each earned, with the
 * certificate of attendance if one was issued. Hours count whether or not there is a certificate.
 */
export async function listAttendedEvents(userId: string, { now = new Date() } = {}): Promise<AttendedEvent[]> {
  const bookings = await prisma.eventBooking.findMany({
    where: { userId, status: BookingStatus.confirmed, attendance: { some: { status: { not: AttendanceStatus.absent } } } },
    select: {
      eventId: true,
      attendance: { select: { sessionKey: true, status: true } },
      feedback: { select: { score: true } },
      event: { select: { title: true, cpdHours: true, endsAt: true, sessions: { select: { key: true, endsAt: true } } } },
    },
  });
  const certificates = await prisma.certificate.findMany({
    where: { userId, moduleId: { in: bookings.map((b) => eventCertificateKey(b.eventId)) } },
    select: { id: true, moduleId: true },
  });
  const certificateOf = new Map(certificates.map((c) => [c.moduleId, c.id]));
  return bookings
    .map((b) => {
      const ends = new Map(b.event.sessions.map((s) => [s.key, s.endsAt]));
      const came = b.attendance.filter((a) => attended(a.status) && ends.has(a.sessionKey));
      return {
        eventId: b.eventId,
        title: b.event.title,
        hours: attendedHours(b.event.cpdHours, b.event.sessions.length, came.length),
        attendedOn: new Date(Math.max(...came.map((a) => ends.get(a.sessionKey)!.getTime()))),
        certificateId: certificateOf.get(eventCertificateKey(b.eventId)) ?? null,
        feedbackDue: !b.feedback && b.event.endsAt <= now,
      };
    })
    .filter((e) => e.hours > 0)
    .sort((x, y) => x.attendedOn.getTime() - y.attendedOn.getTime());
}
