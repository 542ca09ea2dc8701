/**
 * Reminder emails before each session (docs/decisions/0056): a week before and a day before, to
 * everyone with a place. A recurring job (every 15 minutes, one per period across all servers) finds
 * the reminders that are due and enqueues one job each, keyed by booking, session, reminder and the
 * session's time: any number of servers, scans and restarts give one email per reminder, and a
 * session that moves gets reminders for its new time. A reminder whose moment passed while the app
 * was down is still sent if the session is ahead; once it has started, it is not.
 */
import { sendEmail } from "~/modules/email/email.server.ts";
import { JobKind, type JobPayload } from "~/modules/jobs/jobs.ts";
import { enqueue } from "~/modules/jobs/queue.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { reminderEmail } from "./booking-emails.ts";
import { BookingStatus } from "./bookings.ts";
import { parseEventMeta } from "./events.server.ts";

const DAY_MS = 86_400_000;

/** Nearest last: when both are due, only the nearer one is sent. */
export const REMINDERS = [
  { which: "week", beforeMs: 7 * DAY_MS },
  { which: "day", beforeMs: DAY_MS },
] as const;

export const REMINDER_SCAN_EVERY_MS = 15 * 60 * 1000;

/**
 * Enqueues every reminder that is due at `now` and not yet enqueued. A person who booked after a
 * reminder's moment is not sent it (their confirmation has just told them). Returns how many it added.
 */
export async function scheduleReminders({ now = new Date() } = {}): Promise<number> {
  const sessions = await prisma.eventSession.findMany({
    where: { startsAt: { gt: now, lte: new Date(now.getTime() + REMINDERS[0].beforeMs) }, event: { cancelledAt: null } },
    select: {
      key: true,
      startsAt: true,
      event: { select: { bookings: { where: { status: BookingStatus.confirmed }, select: { id: true, confirmedAt: true } } } },
    },
  });
  let added = 0;
  for (const session of sessions) {
    const due = REMINDERS.filter((r) => session.startsAt.getTime() - r.beforeMs <= now.getTime()).at(-1);
    if (!due) continue;
    const moment = session.startsAt.getTime() - due.beforeMs;
    const startsAt = session.startsAt.toISOString();
    for (const booking of session.event.bookings) {
      if (booking.confirmedAt && booking.confirmedAt.getTime() >= moment) continue;
      const { created } = await enqueue(
        JobKind.eventReminder,
        { bookingId: booking.id, sessionKey: session.key, which: due.which, startsAt },
        { key: `event-reminder:${booking.id}:${session.key}:${due.which}:${startsAt}` },
      );
      if (created) added++;
    }
  }
  return added;
}

/**
 * The reminder job: sends it if it still stands when it runs (the place is still booked, the event
 * not cancelled, the session at the time it was due for and not yet started); otherwise does nothing.
 * Returns whether it sent.
 */
export async function sendReminder(payload: JobPayload<typeof JobKind.eventReminder>, { now = new Date() } = {}): Promise<boolean> {
  const booking = await prisma.eventBooking.findUnique({
    where: { id: payload.bookingId },
    select: {
      status: true,
      origin: true,
      user: { select: { name: true, email: true } },
      event: {
        select: {
          id: true,
          title: true,
          cancelledAt: true,
          joiningUrl: true,
          meta: true,
          sessions: { orderBy: { position: "asc" }, select: { key: true, title: true, startsAt: true, endsAt: true } },
        },
      },
    },
  });
  const session = booking?.event.sessions.find((s) => s.key === payload.sessionKey);
  if (!booking || !session || booking.status !== BookingStatus.confirmed || booking.event.cancelledAt) return false;
  if (session.startsAt.toISOString() !== payload.startsAt || session.startsAt <= now) return false;
  const { venue, online } = parseEventMeta(booking.event.meta);
  const { subject, text } = reminderEmail({
    event: { ...booking.event, venue: venue ?? null, online: online ?? null },
    session,
    which: payload.which,
    name: booking.user.name,
    origin: booking.origin,
  });
  await sendEmail({ to: booking.user.email, subject, text });
  return true;
}
