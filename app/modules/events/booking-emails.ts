/**
 * What booking emails say (docs/decisions/0056), without I/O: a confirmed place, a place on the
 * waiting list, a place from the waiting list, a cancellation, a changed time or venue, an event the
 * organisers cancelled. Each says what happened, when and where, and what to do next; the calendar
 * part is attached by the caller.
 */
import { formatSessionTime } from "~/utils/dates.ts";

export type EmailEvent = {
  id: string;
  title: string;
  sessions: { title: string | null; startsAt: Date; endsAt: Date }[];
  venue: { name: string; address: string; accessibility: string } | null;
  online: { platform: string } | null;
  joiningUrl: string | null;
};

export type BookingEmailKind = "confirmed" | "waiting" | "promoted" | "cancelled" | "left-waiting-list" | "updated" | "event-cancelled";

const SUBJECTS: Record<BookingEmailKind, (title: string) => string> = {
  confirmed: (t) => `Your place is booked: ${t}`,
  waiting: (t) => `You are on the waiting list: ${t}`,
  promoted: (t) => `A place has come up for you: ${t}`,
  cancelled: (t) => `Booking cancelled: ${t}`,
  "left-waiting-list": (t) => `You have left the waiting list: ${t}`,
  updated: (t) => `Changed: ${t}`,
  "event-cancelled": (t) => `Event cancelled: ${t}`,
};

function when(event: EmailEvent): string {
  return event.sessions
    .map((s) => `- ${formatSessionTime(s.startsAt, s.endsAt)}${s.title && event.sessions.length > 1 ? `: ${s.title}` : ""}`)
    .join("\n");
}

function where(event: EmailEvent, withJoiningLink: boolean): string {
  const lines: string[] = [];
  if (event.venue) lines.push(`Venue: ${event.venue.name}, ${event.venue.address}`, `Access: ${event.venue.accessibility}`);
  if (event.online) {
    if (withJoiningLink && event.joiningUrl) lines.push(`Online, on ${event.online.platform}. Join here: ${event.joiningUrl}`);
    else
      lines.push(
        `Online, on ${event.online.platform}. ${withJoiningLink ? "We will email you the joining link before the event." : ""}`.trim(),
      );
  }
  return lines.join("\n");
}

export function bookingEmail(
  kind: BookingEmailKind,
  {
    event,
    name,
    origin,
    waitingPosition,
    reason,
  }: { event: EmailEvent; name: string; origin: string; waitingPosition?: number; reason?: string },
): { subject: string; text: string } {
  const page = `${origin}/events/${encodeURIComponent(event.id)}`;
  const learning = `${origin}/learning`;
  const details = `When (UK time):\n${when(event)}`;
  const hasPlace = kind === "confirmed" || kind === "promoted" || kind === "updated";
  const body: Record<BookingEmailKind, string[]> = {
    confirmed: [
      `Your place on "${event.title}" is booked.`,
      details,
      where(event, true),
      "The calendar invitation in this email adds the sessions to your calendar.",
      `If you can no longer come, please cancel from the event's page so that someone on the waiting list can have your place: ${page}`,
    ],
    waiting: [
      `"${event.title}" is full, so you are on its waiting list${waitingPosition ? ` (number ${waitingPosition})` : ""}.`,
      "If a place comes up before the event starts, it goes to the first person on the list, and we will email you straight away with a calendar invitation. You do not need to do anything else.",
      details,
      `To leave the waiting list, use the event's page: ${page}`,
    ],
    promoted: [
      `Good news: a place has come up on "${event.title}", and it is yours. You were next on the waiting list.`,
      details,
      where(event, true),
      "The calendar invitation in this email adds the sessions to your calendar.",
      `If you can no longer come, please cancel from the event's page so that the next person can have the place: ${page}`,
    ],
    cancelled: [
      `Your booking for "${event.title}" is cancelled, and your place has been offered to the next person waiting.`,
      "The calendar invitation in this email removes the sessions from your calendar.",
      `You can book again while places are available: ${page}`,
    ],
    "left-waiting-list": [`You have left the waiting list for "${event.title}".`, `You can join it again from the event's page: ${page}`],
    updated: [
      `The organisers have changed the time or place of "${event.title}". Your place is still booked.`,
      `Now (UK time):\n${when(event)}`,
      where(event, true),
      "The calendar invitation in this email updates the entries in your calendar.",
      `If you can no longer come, please cancel from the event's page: ${page}`,
    ],
    "event-cancelled": [
      `We are sorry: "${event.title}" has been cancelled by its organisers and will not take place.`,
      reason ? `They said: ${reason}` : "",
      "The calendar invitation in this email removes the sessions from your calendar.",
      `See the other live events: ${origin}/events`,
    ],
  };
  const lines = [
    `Hello ${name},`,
    ...body[kind].filter(Boolean),
    hasPlace ? `Your bookings are listed on My learning: ${learning}` : "",
    "Pathways",
  ];
  return { subject: SUBJECTS[kind](event.title), text: lines.filter(Boolean).join("\n\n") + "\n" };
}

/** "Your event is next week / tomorrow": when, where (with the joining link), and how to cancel. */
export function reminderEmail({
  event,
  session,
  which,
  name,
  origin,
}: {
  event: EmailEvent;
  session: { title: string | null; startsAt: Date; endsAt: Date };
  which: "week" | "day";
  name: string;
  origin: string;
}): { subject: string; text: string } {
  const page = `${origin}/events/${encodeURIComponent(event.id)}`;
  const label = session.title && event.sessions.length > 1 ? `"${event.title}: ${session.title}"` : `"${event.title}"`;
  const lines = [
    `Hello ${name},`,
    `A reminder that ${label} is ${which === "week" ? "coming up next week" : "tomorrow"}:`,
    `${formatSessionTime(session.startsAt, session.endsAt)} (UK time)`,
    where(event, true),
    `If you can no longer come, please cancel from the event's page so that someone on the waiting list can have your place: ${page}`,
    "Pathways",
  ];
  return {
    subject: `${which === "week" ? "Next week" : "Tomorrow"}: ${event.title}`,
    text: lines.filter(Boolean).join("\n\n") + "\n",
  };
}
