/**
 * Calendar files for live events (docs/decisions/0055), made with ical-generator rather than by
 * hand: one VEVENT per session, its times in Europe/London with the zone's VTIMEZONE (from
 * @touch4it/ical-timezones), a UID per event and session that never changes, and the session's
 * SEQUENCE, raised when its time changes, so a calendar updates the entry it already has.
 *
 * Dates are passed as TZDate in London: given a plain Date and a time zone, ical-generator writes the
 * UTC digits under the London TZID (an hour out in summer).
 */
import { TZDate } from "@date-fns/tz";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { TIME_ZONE } from "~/utils/dates.ts";

export type CalendarSession = { key: string; title: string | null; startsAt: Date; endsAt: Date; sequence: number };
export type CalendarEvent = {
  id: string;
  title: string;
  summary: string;
  location: string | null;
  sessions: CalendarSession[];
};

/** Stable across edits and servers: the event and session ids, and the site's host. */
export function sessionUid(eventId: string, sessionKey: string, host: string): string {
  return `${eventId}.${sessionKey}@${host}`;
}

export function eventCalendar(
  event: CalendarEvent,
  { origin, method = ICalCalendarMethod.PUBLISH }: { origin: string; method?: ICalCalendarMethod },
): string {
  const { host } = new URL(origin);
  const url = `${origin}/events/${event.id}`;
  const calendar = ical({ name: event.title, prodId: { company: "Pathways", product: "Live events", language: "EN" }, method });
  calendar.timezone({ name: TIME_ZONE, generator: getVtimezoneComponent });
  for (const session of event.sessions) {
    calendar.createEvent({
      id: sessionUid(event.id, session.key, host),
      sequence: session.sequence,
      start: new TZDate(session.startsAt.getTime(), TIME_ZONE),
      end: new TZDate(session.endsAt.getTime(), TIME_ZONE),
      timezone: TIME_ZONE,
      summary: session.title && event.sessions.length > 1 ? `${event.title}: ${session.title}` : event.title,
      description: `${event.summary}\n\n${url}`,
      location: event.location,
      url,
    });
  }
  return calendar.toString();
}

/** A booked session's UID: one per booking and session, stable across updates (docs/decisions/0056). */
export function bookingSessionUid(bookingId: string, sessionKey: string, host: string): string {
  return `booking-${bookingId}.${sessionKey}@${host}`;
}

export type BookingCalendar = {
  event: CalendarEvent;
  booking: { id: string; calendarSequence: number; origin: string };
  attendee: { name: string; email: string };
  /** The address invitations come from (ORGANIZER): calendar apps accept REQUEST and CANCEL from it. */
  organiserEmail: string;
  /** REQUEST: add or update these sessions. CANCEL: remove them. */
  method: "REQUEST" | "CANCEL";
  /** Only for a confirmed place: put in each entry's description (the file goes to the attendee only). */
  joiningUrl?: string | null;
};

/**
 * The calendar an attendee gets by email (iTIP): METHOD REQUEST with one VEVENT per session (UID per
 * booking and session, SEQUENCE the session's plus the booking's), or METHOD CANCEL with the
 * cancelled sessions marked CANCELLED. ORGANIZER and ATTENDEE are what calendar apps need to treat
 * it as an invitation they update, rather than a file to import.
 */
export function bookingCalendar({ event, booking, attendee, organiserEmail, method, joiningUrl }: BookingCalendar): string {
  const { host } = new URL(booking.origin);
  const url = `${booking.origin}/events/${event.id}`;
  const calendar = ical({
    name: event.title,
    prodId: { company: "Pathways", product: "Live events", language: "EN" },
    method: method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.timezone({ name: TIME_ZONE, generator: getVtimezoneComponent });
  for (const session of event.sessions) {
    calendar.createEvent({
      id: bookingSessionUid(booking.id, session.key, host),
      sequence: session.sequence + booking.calendarSequence,
      start: new TZDate(session.startsAt.getTime(), TIME_ZONE),
      end: new TZDate(session.endsAt.getTime(), TIME_ZONE),
      timezone: TIME_ZONE,
      summary: session.title && event.sessions.length > 1 ? `${event.title}: ${session.title}` : event.title,
      description: [event.summary, joiningUrl ? `Join online: ${joiningUrl}` : null, `Your booking: ${url}`].filter(Boolean).join("\n\n"),
      location: event.location,
      url,
      status: method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: { name: "Pathways live events", email: organiserEmail },
      attendees: [
        {
          name: attendee.name,
          email: attendee.email,
          role: ICalAttendeeRole.REQ,
          status: method === "CANCEL" ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
          rsvp: false,
        },
      ],
    });
  }
  return calendar.toString();
}
