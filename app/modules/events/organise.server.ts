/**
 * What organisers see and do (docs/decisions/0056): every event with its bookings, each event's
 * attendees with their access needs and dietary requirements, the online joining link, and
 * cancelling an event. Callers check the organiser (or admin) role; these functions do not.
 */
import crypto from "node:crypto";
import { queueEmail } from "~/modules/email/email.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatSessionTime } from "~/utils/dates.ts";
import { AppError } from "~/utils/errors.ts";
import { BookingStatus } from "./bookings.ts";
import { EVENT_FORMAT_LABELS, type EventFormat } from "./event-format.ts";

/** Events ended longer ago than this drop off the organisers' list (their records stay). */
const RECENT_DAYS = 60;

export type OrganiserEventRow = {
  id: string;
  title: string;
  when: string;
  formatLabel: string;
  capacity: number;
  confirmed: number;
  waiting: number;
  cancelled: boolean;
  past: boolean;
};

/** Upcoming and recent events, soonest first, with their counts. Two queries. */
export async function listEventsForOrganisers({ now = new Date() } = {}): Promise<OrganiserEventRow[]> {
  const events = await prisma.event.findMany({
    where: { endsAt: { gte: new Date(now.getTime() - RECENT_DAYS * 86_400_000) } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: { id: true, title: true, format: true, capacity: true, startsAt: true, endsAt: true, cancelledAt: true },
  });
  const counts = await prisma.eventBooking.groupBy({
    by: ["eventId", "status"],
    where: { eventId: { in: events.map((e) => e.id) }, status: { in: [BookingStatus.confirmed, BookingStatus.waiting] } },
    _count: { _all: true },
  });
  const count = (eventId: string, status: string) => counts.find((c) => c.eventId === eventId && c.status === status)?._count._all ?? 0;
  return events.map((e) => ({
    id: e.id,
    title: e.title,
    when: formatSessionTime(e.startsAt, e.endsAt),
    formatLabel: EVENT_FORMAT_LABELS[e.format as EventFormat] ?? e.format,
    capacity: e.capacity,
    confirmed: count(e.id, BookingStatus.confirmed),
    waiting: count(e.id, BookingStatus.waiting),
    cancelled: e.cancelledAt !== null,
    past: e.endsAt < now,
  }));
}

export type Attendee = {
  name: string;
  email: string;
  organisation: string;
  status: "confirmed" | "waiting";
  accessNeeds: string | null;
  dietary: string | null;
  bookedAt: Date;
};

/** One event's people: those with a place (in the order they booked), then the waiting list in order. */
export async function getEventAttendees(eventId: string) {
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    select: { id: true, title: true, format: true, capacity: true, joiningUrl: true, cancelledAt: true, endsAt: true, meta: true },
  });
  if (!event) return null;
  const bookings = await prisma.eventBooking.findMany({
    where: { eventId, status: { in: [BookingStatus.confirmed, BookingStatus.waiting] } },
    orderBy: [{ waitingSince: "asc" }, { confirmedAt: "asc" }, { id: "asc" }],
    select: {
      status: true,
      accessNeeds: true,
      dietary: true,
      createdAt: true,
      confirmedAt: true,
      user: { select: { name: true, email: true, organisationName: true } },
    },
  });
  const people = bookings.map((b): Attendee => ({
    name: b.user.name,
    email: b.user.email,
    organisation: b.user.organisationName,
    status: b.status as Attendee["status"],
    accessNeeds: b.accessNeeds,
    dietary: b.dietary,
    bookedAt: b.confirmedAt ?? b.createdAt,
  }));
  return {
    event: { ...event, cancelled: event.cancelledAt !== null, online: event.format !== "in-person" },
    confirmed: people.filter((p) => p.status === BookingStatus.confirmed),
    waiting: people.filter((p) => p.status === BookingStatus.waiting),
  };
}

/**
 * Sets (or clears) an online event's joining link. When it changes to a new link, everyone with a
 * place is emailed it once (the email job's key carries the link's hash).
 */
export async function setJoiningUrl(eventId: string, joiningUrl: string | null): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const event = await tx.event.findUnique({
      where: { id: eventId },
      select: { title: true, format: true, joiningUrl: true, endsAt: true },
    });
    if (!event) throw new AppError("not-found", "This event does not exist.");
    if (event.format === "in-person") throw new AppError("conflict", "This event is in person only, so it has no joining link.");
    if (event.joiningUrl === joiningUrl) return 0;
    await tx.event.update({ where: { id: eventId }, data: { joiningUrl } });
    if (!joiningUrl || event.endsAt < new Date()) return 0;
    const attendees = await tx.eventBooking.findMany({
      where: { eventId, status: BookingStatus.confirmed },
      select: { id: true, origin: true, user: { select: { name: true, email: true } } },
    });
    const linkHash = crypto.createHash("sha256").update(joiningUrl).digest("hex").slice(0, 16);
    for (const a of attendees) {
      await queueEmail(
        {
          to: a.user.email,
          subject: `Joining link: ${event.title}`,
          text: `Hello ${a.user.name},\n\nHere is the link to join "${event.title}" online:\n\n${joiningUrl}\n\nIt is also on the event's page when you are signed in: ${a.origin}/events/${encodeURIComponent(eventId)}\n\nPathways\n`,
        },
        { key: `event-booking:${a.id}:joining-link:${linkHash}`, db: tx },
      );
    }
    return attendees.length;
  });
}
