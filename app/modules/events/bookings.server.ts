/**
 * Booking places on live events (docs/decisions/0056). Every change to an event's bookings runs in
 * one transaction whose first statement raises the event's `bookingRevision`: PostgreSQL then holds
 * the event's row lock, and SQLite its write lock, until the transaction ends, so the places are
 * counted and given out one change at a time and capacity is never exceeded, across any number of
 * app processes. The emails (with their calendar invitations) are queued in the same transaction: a
 * booking that was not saved sends nothing, and one that was always sends.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import { queueEmail, type EmailCalendar } from "~/modules/email/email.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatSessionTime } from "~/utils/dates.ts";
import { getEnv } from "~/utils/env.server.ts";
import { AppError } from "~/utils/errors.ts";
import { bookingEmail, type BookingEmailKind } from "./booking-emails.ts";
import {
  asksForPersonalNeeds,
  bookingState,
  BookingStatus,
  PERSONAL_DATA_RETENTION_DAYS,
  placesLeftText,
  type BookingForm,
} from "./bookings.ts";
import { bookingCalendar } from "./calendar.server.ts";
import { parseEventMeta, type EventSessionView } from "./events.server.ts";

type Tx = Prisma.TransactionClient;

const EVENT_SELECT = {
  id: true,
  title: true,
  summary: true,
  format: true,
  capacity: true,
  startsAt: true,
  endsAt: true,
  bookingOpensAt: true,
  bookingClosesAt: true,
  cancelledAt: true,
  joiningUrl: true,
  meta: true,
  sessions: { orderBy: { position: "asc" }, select: { key: true, title: true, startsAt: true, endsAt: true, sequence: true } },
} satisfies Prisma.EventSelect;
type BookableEvent = Prisma.EventGetPayload<{ select: typeof EVENT_SELECT }>;

const BOOKING_SELECT = {
  id: true,
  status: true,
  calendarSequence: true,
  origin: true,
  user: { select: { name: true, email: true } },
} satisfies Prisma.EventBookingSelect;
type BookingForEmail = Prisma.EventBookingGetPayload<{ select: typeof BOOKING_SELECT }>;

/** Takes the event's booking lock for the rest of the transaction; false when there is no such event. */
async function lockEvent(tx: Tx, eventId: string): Promise<boolean> {
  const { count } = await tx.event.updateMany({ where: { id: eventId }, data: { bookingRevision: { increment: 1 } } });
  return count === 1;
}

/** The address in MAIL_FROM ("Pathways <no-reply@…>"): the ORGANIZER of calendar invitations. */
function organiserEmail(): string {
  const from = getEnv().MAIL_FROM;
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

function calendarFor(
  event: BookableEvent,
  booking: BookingForEmail,
  method: "REQUEST" | "CANCEL",
  sessions = event.sessions,
): EmailCalendar {
  const { venue, online } = parseEventMeta(event.meta);
  const location = [venue ? `${venue.name}, ${venue.address}` : null, online ? `Online (${online.platform})` : null]
    .filter(Boolean)
    .join("; ");
  return {
    method,
    filename: method === "CANCEL" ? "cancelled.ics" : "invite.ics",
    content: bookingCalendar({
      event: { id: event.id, title: event.title, summary: event.summary, location: location || null, sessions },
      booking,
      attendee: booking.user,
      organiserEmail: organiserEmail(),
      method,
      joiningUrl: method === "REQUEST" ? event.joiningUrl : null,
    }),
  };
}

/**
 * Queues one booking email in the transaction. `key` names the change it reports, so a transaction
 * retried or a publish repeated sends it once.
 */
async function sendBookingEmail(
  tx: Tx,
  kind: BookingEmailKind,
  event: BookableEvent,
  booking: BookingForEmail,
  { key, calendar, waitingPosition, reason }: { key: string; calendar?: EmailCalendar; waitingPosition?: number; reason?: string },
) {
  const { venue, online } = parseEventMeta(event.meta);
  const { subject, text } = bookingEmail(kind, {
    event: {
      id: event.id,
      title: event.title,
      sessions: event.sessions,
      venue: venue ?? null,
      online: online ?? null,
      joiningUrl: event.joiningUrl,
    },
    name: booking.user.name,
    origin: booking.origin,
    waitingPosition,
    reason,
  });
  await queueEmail(
    { to: booking.user.email, subject, text, ...(calendar ? { calendar } : {}) },
    { key: `event-booking:${booking.id}:${key}`, db: tx },
  );
}

async function waitingPosition(
  tx: Pick<Tx, "eventBooking">,
  eventId: string,
  booking: { id: string; waitingSince: Date | null },
): Promise<number> {
  if (!booking.waitingSince) return 0;
  const ahead = await tx.eventBooking.count({
    where: {
      eventId,
      status: BookingStatus.waiting,
      OR: [{ waitingSince: { lt: booking.waitingSince } }, { waitingSince: booking.waitingSince, id: { lt: booking.id } }],
    },
  });
  return ahead + 1;
}

/**
 * Gives free places to the people waiting, first come first served, and emails each an invitation.
 * Nobody is promoted once the event has started, or when it is cancelled. Call with the lock held.
 */
async function promoteWaiting(tx: Tx, event: BookableEvent, now: Date): Promise<number> {
  if (event.cancelledAt || event.startsAt <= now) return 0;
  const confirmed = await tx.eventBooking.count({ where: { eventId: event.id, status: BookingStatus.confirmed } });
  const free = event.capacity - confirmed;
  if (free <= 0) return 0;
  const next = await tx.eventBooking.findMany({
    where: { eventId: event.id, status: BookingStatus.waiting },
    orderBy: [{ waitingSince: "asc" }, { id: "asc" }],
    take: free,
    select: BOOKING_SELECT,
  });
  for (const booking of next) {
    await tx.eventBooking.update({
      where: { id: booking.id },
      data: { status: BookingStatus.confirmed, confirmedAt: now, waitingSince: null },
    });
    await sendBookingEmail(tx, "promoted", event, booking, {
      key: `promoted:${booking.calendarSequence}:${now.toISOString()}`,
      calendar: calendarFor(event, booking, "REQUEST"),
    });
  }
  return next.length;
}

export type BookingOutcome = { status: "confirmed" | "waiting"; created: boolean; waitingPosition: number };

/**
 * Books `userId` a place on the event, or a place on its waiting list when it is full. Booking twice
 * changes nothing. Access needs and dietary requirements are kept only for events attended in person.
 */
export async function bookPlace({
  userId,
  eventId,
  form,
  origin,
  now = new Date(),
}: {
  userId: string;
  eventId: string;
  form: BookingForm;
  origin: string;
  now?: Date;
}): Promise<BookingOutcome> {
  return prisma.$transaction(async (tx) => {
    if (!(await lockEvent(tx, eventId))) throw new AppError("not-found", "This event does not exist.");
    const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: EVENT_SELECT });
    const existing = await tx.eventBooking.findUnique({
      where: { eventId_userId: { eventId, userId } },
      select: { id: true, status: true, waitingSince: true, origin: true },
    });
    if (existing && existing.status !== BookingStatus.cancelled) {
      const status = existing.status as BookingOutcome["status"];
      return { status, created: false, waitingPosition: await waitingPosition(tx, eventId, existing) };
    }
    const state = bookingState(event, now);
    if (!state.open) throw new AppError("conflict", state.message);

    const confirmed = await tx.eventBooking.count({ where: { eventId, status: BookingStatus.confirmed } });
    const status = confirmed < event.capacity ? BookingStatus.confirmed : BookingStatus.waiting;
    // The queue's order is the order the lock was taken in: after everyone already waiting, even when
    // this request's clock (`now`, read before the lock) is earlier than theirs.
    const last = await tx.eventBooking.findFirst({
      where: { eventId, status: BookingStatus.waiting },
      orderBy: [{ waitingSince: "desc" }],
      select: { waitingSince: true },
    });
    const waitingSince = last?.waitingSince && last.waitingSince >= now ? new Date(last.waitingSince.getTime() + 1) : now;
    const inPerson = asksForPersonalNeeds(event.format);
    const data = {
      status,
      accessNeeds: inPerson ? form.accessNeeds || null : null,
      dietary: inPerson ? form.dietary || null : null,
      waitingSince: status === BookingStatus.waiting ? waitingSince : null,
      confirmedAt: status === BookingStatus.confirmed ? now : null,
      cancelledAt: null,
      personalDataRemovedAt: null,
    };
    // Booking again after cancelling reuses the row (and its calendar UIDs), one SEQUENCE higher
    // than the cancellation, so the entries come back.
    const booking = existing
      ? await tx.eventBooking.update({
          where: { id: existing.id },
          data: { ...data, calendarSequence: { increment: 1 } },
          select: BOOKING_SELECT,
        })
      : await tx.eventBooking.create({ data: { eventId, userId, origin, ...data }, select: BOOKING_SELECT });
    const position = status === BookingStatus.waiting ? await waitingPosition(tx, eventId, { id: booking.id, waitingSince }) : 0;
    await sendBookingEmail(tx, status === BookingStatus.confirmed ? "confirmed" : "waiting", event, booking, {
      key: `${status}:${booking.calendarSequence}`,
      calendar: status === BookingStatus.confirmed ? calendarFor(event, booking, "REQUEST") : undefined,
      waitingPosition: position,
    });
    return { status, created: true, waitingPosition: position };
  });
}

/**
 * Cancels `userId`'s booking (or leaves the waiting list). A confirmed place goes to the first person
 * waiting. Returns false when there was nothing to cancel. Once the event has started a booking stays
 * (the register records who came).
 */
export async function cancelBooking({
  userId,
  eventId,
  now = new Date(),
}: {
  userId: string;
  eventId: string;
  now?: Date;
}): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    if (!(await lockEvent(tx, eventId))) throw new AppError("not-found", "This event does not exist.");
    const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: EVENT_SELECT });
    const current = await tx.eventBooking.findUnique({
      where: { eventId_userId: { eventId, userId } },
      select: { id: true, status: true },
    });
    if (!current || current.status === BookingStatus.cancelled) return false;
    if (event.startsAt <= now && !event.cancelledAt) {
      throw new AppError(
        "conflict",
        "This event has started, so the booking can no longer be cancelled. Tell the organisers if you cannot come.",
      );
    }
    const booking = await tx.eventBooking.update({
      where: { id: current.id },
      // Nothing about their needs is kept once they are not coming.
      data: {
        status: BookingStatus.cancelled,
        cancelledAt: now,
        waitingSince: null,
        accessNeeds: null,
        dietary: null,
        personalDataRemovedAt: now,
        calendarSequence: { increment: 1 },
      },
      select: BOOKING_SELECT,
    });
    if (current.status === BookingStatus.confirmed) {
      await sendBookingEmail(tx, "cancelled", event, booking, {
        key: `cancelled:${booking.calendarSequence}`,
        calendar: calendarFor(event, booking, "CANCEL"),
      });
      await promoteWaiting(tx, event, now);
    } else {
      await sendBookingEmail(tx, "left-waiting-list", event, booking, { key: `left:${booking.calendarSequence}` });
    }
    return true;
  });
}

/** Cancels every booking of `userId` on events not yet started (their account is being deleted). */
export async function cancelUpcomingBookings(userId: string, { now = new Date() } = {}): Promise<number> {
  const bookings = await prisma.eventBooking.findMany({
    where: { userId, status: { in: [BookingStatus.confirmed, BookingStatus.waiting] }, event: { startsAt: { gt: now } } },
    select: { eventId: true },
  });
  for (const { eventId } of bookings) await cancelBooking({ userId, eventId, now });
  return bookings.length;
}

/**
 * After an event's file changed (called by the publisher in its transaction, which already holds the
 * event's row): attendees with a place are sent the new times as an update, sessions that were
 * removed are cancelled in their calendars, and places added by a larger capacity go to the people
 * waiting. `change` names the published content, so a publish repeated sends nothing twice.
 */
export async function afterEventChanged(
  tx: Tx,
  eventId: string,
  {
    timesChanged,
    removedSessions,
    change,
    now = new Date(),
  }: { timesChanged: boolean; removedSessions: BookableEvent["sessions"]; change: string; now?: Date },
): Promise<void> {
  const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: EVENT_SELECT });
  if (!event.cancelledAt && event.endsAt > now && (timesChanged || removedSessions.length)) {
    const attendees = await tx.eventBooking.findMany({ where: { eventId, status: BookingStatus.confirmed }, select: BOOKING_SELECT });
    for (const booking of attendees) {
      if (removedSessions.length) {
        const removed = removedSessions.map((s) => ({ ...s, sequence: s.sequence + 1 }));
        await queueEmail(
          {
            to: booking.user.email,
            subject: `Session removed: ${event.title}`,
            text: `Hello ${booking.user.name},\n\nThe organisers have removed ${removed.length === 1 ? "a session" : `${removed.length} sessions`} from "${event.title}". The calendar invitation in this email removes ${removed.length === 1 ? "it" : "them"} from your calendar. Your place on the other sessions is still booked.\n\n${booking.origin}/events/${encodeURIComponent(event.id)}\n\nPathways\n`,
            calendar: calendarFor(event, booking, "CANCEL", removed),
          },
          { key: `event-booking:${booking.id}:removed:${change}`, db: tx },
        );
      }
      if (timesChanged) {
        await sendBookingEmail(tx, "updated", event, booking, {
          key: `updated:${change}`,
          calendar: calendarFor(event, booking, "REQUEST"),
        });
      }
    }
  }
  await promoteWaiting(tx, event, now);
}

/**
 * Cancels the whole event (organisers): everyone booked gets a CANCEL for their sessions and everyone
 * waiting is told; the bookings are kept, marked cancelled, as the record of who had booked.
 */
export async function cancelEvent({ eventId, reason, now = new Date() }: { eventId: string; reason: string; now?: Date }): Promise<number> {
  return prisma.$transaction(async (tx) => {
    if (!(await lockEvent(tx, eventId))) throw new AppError("not-found", "This event does not exist.");
    const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: EVENT_SELECT });
    if (event.cancelledAt) return 0;
    if (event.endsAt <= now) throw new AppError("conflict", "This event has already taken place, so it cannot be cancelled.");
    await tx.event.update({ where: { id: eventId }, data: { cancelledAt: now } });
    const bookings = await tx.eventBooking.findMany({
      where: { eventId, status: { in: [BookingStatus.confirmed, BookingStatus.waiting] } },
      select: BOOKING_SELECT,
    });
    for (const current of bookings) {
      const booking = await tx.eventBooking.update({
        where: { id: current.id },
        data: { status: BookingStatus.cancelled, cancelledAt: now, waitingSince: null, calendarSequence: { increment: 1 } },
        select: BOOKING_SELECT,
      });
      await sendBookingEmail(tx, "event-cancelled", event, booking, {
        key: `event-cancelled`,
        calendar: current.status === BookingStatus.confirmed ? calendarFor(event, booking, "CANCEL") : undefined,
        reason,
      });
    }
    return bookings.length;
  });
}

export type MyBooking = {
  status: "confirmed" | "waiting";
  waitingPosition: number;
  accessNeeds: string | null;
  dietary: string | null;
  /** Only for a confirmed place on an event that is not over. */
  joiningUrl: string | null;
};

/** The signed-in person's booking on one event (for its page), or null. */
export async function getMyBooking(userId: string, eventId: string, { now = new Date() } = {}): Promise<MyBooking | null> {
  const booking = await prisma.eventBooking.findUnique({
    where: { eventId_userId: { eventId, userId } },
    select: {
      id: true,
      status: true,
      waitingSince: true,
      accessNeeds: true,
      dietary: true,
      event: { select: { joiningUrl: true, endsAt: true } },
    },
  });
  if (!booking || booking.status === BookingStatus.cancelled) return null;
  const confirmed = booking.status === BookingStatus.confirmed;
  return {
    status: confirmed ? "confirmed" : "waiting",
    waitingPosition: confirmed ? 0 : await waitingPosition(prisma, eventId, booking),
    accessNeeds: booking.accessNeeds,
    dietary: booking.dietary,
    joiningUrl: confirmed && booking.event.endsAt > now ? booking.event.joiningUrl : null,
  };
}

/** Confirmed places per event, for "3 places left". One query however many events. */
export async function confirmedCounts(eventIds: readonly string[]): Promise<Map<string, number>> {
  if (eventIds.length === 0) return new Map();
  const rows = await prisma.eventBooking.groupBy({
    by: ["eventId"],
    where: { eventId: { in: [...eventIds] }, status: BookingStatus.confirmed },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.eventId, r._count._all]));
}

export const placesLeft = (capacity: number, confirmed: number) => ({
  left: Math.max(0, capacity - confirmed),
  text: placesLeftText(capacity, confirmed),
});

export type BookedEvent = {
  eventId: string;
  title: string;
  status: "confirmed" | "waiting" | "cancelled";
  eventCancelled: boolean;
  sessions: EventSessionView[];
};

/** The person's bookings on events that are not over (My learning), soonest first. One query. */
export async function listMyBookings(userId: string, { now = new Date() } = {}): Promise<BookedEvent[]> {
  const rows = await prisma.eventBooking.findMany({
    where: {
      userId,
      event: { endsAt: { gte: now } },
      OR: [{ status: { in: [BookingStatus.confirmed, BookingStatus.waiting] } }, { event: { cancelledAt: { not: null } } }],
    },
    orderBy: { event: { startsAt: "asc" } },
    select: {
      status: true,
      event: {
        select: {
          id: true,
          title: true,
          cancelledAt: true,
          sessions: { orderBy: { position: "asc" }, select: { key: true, startsAt: true, endsAt: true, title: true } },
        },
      },
    },
  });
  return rows.map((r) => ({
    eventId: r.event.id,
    title: r.event.title,
    status: r.status as BookedEvent["status"],
    eventCancelled: r.event.cancelledAt !== null,
    sessions: r.event.sessions.map((s) => ({
      id: s.key,
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      when: formatSessionTime(s.startsAt, s.endsAt),
    })),
  }));
}

/**
 * Deletes access needs and dietary requirements from bookings on events that ended more than the
 * retention period ago (an hourly job). Returns how many bookings it cleared.
 */
export async function removeExpiredBookingDetails({ now = new Date() } = {}): Promise<number> {
  const { count } = await prisma.eventBooking.updateMany({
    where: {
      personalDataRemovedAt: null,
      event: { endsAt: { lt: new Date(now.getTime() - PERSONAL_DATA_RETENTION_DAYS * 86_400_000) } },
    },
    data: { accessNeeds: null, dietary: null, personalDataRemovedAt: now },
  });
  return count;
}
