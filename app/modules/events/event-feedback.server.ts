/**
 * Feedback on live events (docs/decisions/0058): who may give it (someone with a place who attended
 * a session, once the event is over), saving it, asking for it by email (once, then one reminder a
 * week later), and the figures: per event for organisers, across events for the programme's report,
 * and in public for the archive once there are enough responses.
 */
import { queueEmail } from "~/modules/email/email.server.ts";
import { PUBLIC_RATING_MIN_COUNT } from "~/modules/feedback/rating.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { AttendanceStatus } from "./attendance.ts";
import { BookingStatus } from "./bookings.ts";
import { attribution, summariseScores, type EventFeedbackInput, type ScoreSummary } from "./event-feedback.ts";

const DAY_MS = 86_400_000;
/** Asked once the event is over, reminded once a week later, not asked after two weeks. */
export const FEEDBACK_REMINDER_AFTER_MS = 7 * DAY_MS;
export const FEEDBACK_ASK_WITHIN_MS = 14 * DAY_MS;

const attendedSession = { some: { status: { not: AttendanceStatus.absent } } };

export type FeedbackPage =
  | { eligible: true; title: string; eventId: string; current: EventFeedbackInput | null }
  | { eligible: false; title: string; eventId: string; reason: string };

export async function getFeedbackPage(userId: string, eventId: string, { now = new Date() } = {}): Promise<FeedbackPage | null> {
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    select: { id: true, title: true, endsAt: true, cancelledAt: true },
  });
  if (!event) return null;
  const booking = await prisma.eventBooking.findUnique({
    where: { eventId_userId: { eventId, userId } },
    select: { status: true, feedback: true, _count: { select: { attendance: { where: { status: { not: AttendanceStatus.absent } } } } } },
  });
  const base = { title: event.title, eventId: event.id };
  const attendedIt = { ...base, eligible: false as const, reason: "Only people who attended this event can give feedback on it." };
  if (!booking || booking.status !== BookingStatus.confirmed || event.cancelledAt) return attendedIt;
  if (event.endsAt > now) return { ...base, eligible: false, reason: "You can give feedback once the last session is over." };
  if (booking._count.attendance === 0) return attendedIt;
  const f = booking.feedback;
  return {
    ...base,
    eligible: true,
    current: f
      ? {
          score: f.score,
          comment: f.comment,
          changes: f.changes,
          impact: f.impact,
          quoteConsent: f.quoteConsent as EventFeedbackInput["quoteConsent"],
        }
      : null,
  };
}

/** Saves (or replaces) the attendee's feedback. Throws 403 when they may not give it. */
export async function saveEventFeedback({
  userId,
  eventId,
  input,
  now = new Date(),
}: {
  userId: string;
  eventId: string;
  input: EventFeedbackInput;
  now?: Date;
}) {
  const page = await getFeedbackPage(userId, eventId, { now });
  if (!page) throw new AppError("not-found", "This event does not exist.");
  if (!page.eligible) throw new AppError("forbidden", page.reason);
  const booking = await prisma.eventBooking.findUniqueOrThrow({ where: { eventId_userId: { eventId, userId } }, select: { id: true } });
  await prisma.eventFeedback.upsert({
    where: { bookingId: booking.id },
    create: { bookingId: booking.id, eventId, ...input },
    update: { ...input },
  });
}

export type EventFeedbackFigures = ScoreSummary & {
  comments: { score: number; comment: string; changes: string; impact: string }[];
  quotes: { text: string; by: string }[];
};

/** An event's figures for its organisers, from the raw responses; comments without names. */
export async function getEventFeedbackFigures(eventId: string): Promise<EventFeedbackFigures> {
  const rows = await prisma.eventFeedback.findMany({
    where: { eventId },
    orderBy: { createdAt: "asc" },
    select: {
      score: true,
      comment: true,
      changes: true,
      impact: true,
      quoteConsent: true,
      booking: { select: { user: { select: { name: true, organisationName: true, roleInSchool: true } } } },
    },
  });
  return {
    ...summariseScores(rows.map((r) => r.score)),
    comments: rows
      .filter((r) => r.comment || r.changes || r.impact)
      .map(({ score, comment, changes, impact }) => ({ score, comment, changes, impact })),
    quotes: rows.flatMap((r) => {
      const by = attribution(r.quoteConsent, r.booking.user);
      const text = r.comment || r.impact;
      return by && text ? [{ text, by }] : [];
    }),
  };
}

/** Across every event that was not cancelled: all responses together (the programme's figure). */
export async function getOverallEventRating(): Promise<ScoreSummary & { events: number }> {
  const rows = await prisma.eventFeedback.findMany({
    where: { booking: { event: { cancelledAt: null } } },
    select: { score: true, eventId: true },
  });
  return { ...summariseScores(rows.map((r) => r.score)), events: new Set(rows.map((r) => r.eventId)).size };
}

/** Public ratings for the archive: only events with enough responses (as for modules, ADR 0015). */
export async function getPublicEventRatings(eventIds: readonly string[]): Promise<Map<string, { mean: number; n: number }>> {
  if (eventIds.length === 0) return new Map();
  const rows = await prisma.eventFeedback.groupBy({
    by: ["eventId"],
    where: { eventId: { in: [...eventIds] } },
    _avg: { score: true },
    _count: { _all: true },
  });
  return new Map(
    rows
      .filter((r) => r._count._all >= PUBLIC_RATING_MIN_COUNT && r._avg.score !== null)
      .map((r) => [r.eventId, { mean: Math.round(r._avg.score! * 100) / 100, n: r._count._all }]),
  );
}

/**
 * The hourly job: asks everyone who attended an event that ended in the last two weeks for feedback,
 * once, and reminds those who have not given it a week after the event. Returns emails queued.
 */
export async function requestEventFeedback({ now = new Date() } = {}): Promise<number> {
  const events = await prisma.event.findMany({
    where: { cancelledAt: null, endsAt: { lte: now, gte: new Date(now.getTime() - FEEDBACK_ASK_WITHIN_MS) } },
    select: {
      id: true,
      title: true,
      endsAt: true,
      bookings: {
        where: { status: BookingStatus.confirmed, feedback: { is: null }, attendance: attendedSession },
        select: { id: true, origin: true, user: { select: { name: true, email: true } } },
      },
    },
  });
  let queued = 0;
  for (const event of events) {
    const remind = now.getTime() - event.endsAt.getTime() >= FEEDBACK_REMINDER_AFTER_MS;
    for (const booking of event.bookings) {
      const link = `${booking.origin}/events/${encodeURIComponent(event.id)}/feedback`;
      const text = [
        `Hello ${booking.user.name},`,
        remind
          ? `A last reminder: how was "${event.title}"? Your feedback takes two minutes.`
          : `Thank you for coming to "${event.title}". How was it? Your feedback takes two minutes.`,
        "Rate it out of 6 and, if you can, tell us what you will do differently and what difference you expect it to make to your learners. It helps the facilitators, and it is how the programme shows its funders what live CPD achieves.",
        link,
        "You choose whether we may quote you, and how.",
        "Pathways",
      ].join("\n\n");
      await queueEmail(
        { to: booking.user.email, subject: `${remind ? "Reminder: " : ""}How was ${event.title}?`, text: `${text}\n` },
        { key: `event-feedback:${booking.id}:${remind ? "remind" : "ask"}` },
      );
      queued++;
    }
  }
  return queued;
}
