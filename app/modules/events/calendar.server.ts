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
import ical, { ICalCalendarMethod } from "ical-generator";
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
