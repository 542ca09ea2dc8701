import { Link } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import type { EventCard } from "~/modules/events/events.server.ts";

/** An event's sessions, each with its date and London times (and its title, if it has one). */
export function SessionList({ sessions }: { sessions: SerializeFrom<EventCard>["sessions"] }) {
  return (
    <ul className="event-sessions">
      {sessions.map((session) => (
        <li key={session.id}>
          <time dateTime={new Date(session.startsAt).toISOString()}>{session.when}</time>
          {session.title ? `: ${session.title}` : null}
        </li>
      ))}
    </ul>
  );
}

/** An event in the listing or the archive: its sessions, summary and the facts to choose by. */
export function EventSummary({
  event,
  headingLevel = 3,
  places,
  rating,
}: {
  event: SerializeFrom<EventCard>;
  headingLevel?: 2 | 3;
  /** "3 places left" (upcoming events). */
  places?: string;
  /** "5.58 out of 6 from 12 attendees" (past events with enough feedback). */
  rating?: string;
}) {
  const Heading = `h${headingLevel}` as const;
  return (
    <li className="card event-card">
      <Heading>
        <Link to={`/events/${event.id}`}>{event.title}</Link>
      </Heading>
      <SessionList sessions={event.sessions} />
      <p>{event.summary}</p>
      <dl className="facts">
        <dt>Format</dt>
        <dd>{event.formatLabel}</dd>
        <dt>Key stages</dt>
        <dd>{event.keyStages.join(", ")}</dd>
        <dt>For</dt>
        <dd>{event.audience.map((a) => a.label).join(", ")}</dd>
        <dt>CPD hours</dt>
        <dd>{event.cpdHours}</dd>
        {places ? (
          <>
            <dt>Places</dt>
            <dd>{places}</dd>
          </>
        ) : null}
        {rating ? (
          <>
            <dt>Rated</dt>
            <dd>{rating}</dd>
          </>
        ) : null}
        {event.partners.length ? (
          <>
            <dt>With</dt>
            <dd>{event.partners.join(", ")}</dd>
          </>
        ) : null}
        {event.programme ? (
          <>
            <dt>Type</dt>
            <dd>Special project: sessions with school-based work between them</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}
