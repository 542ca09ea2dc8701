import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SessionList } from "~/components/events/event-summary.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { getEvent } from "~/modules/events/events.server.ts";
import { formatDate } from "~/utils/dates.ts";
import { invariantResponse } from "~/utils/errors.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.event.title} – Pathways` }, { name: "description", content: data.event.summary }] : [];

export async function loader({ params }: LoaderFunctionArgs) {
  // Public, like the listing: who may book (and see joining details) is decided when booking opens.
  const event = await getEvent(params.eventId ?? "");
  invariantResponse(event, "Event not found", 404);
  return { event };
}

const person = (p: { name: string; role?: string; fictional?: boolean }) =>
  `${p.name}${p.fictional ? " (fictional)" : ""}${p.role ? `, ${p.role}` : ""}`;

export default function EventPage() {
  const { event } = useLoaderData<typeof loader>();
  const { meta } = event;
  const prepare = event.modules.filter((m) => m.relation === "prepare");
  const followUp = event.modules.filter((m) => m.relation === "follow-up");
  return (
    <div className="container page">
      <nav aria-label="Breadcrumb">
        <p>
          <Link to="/events">All live events</Link>
        </p>
      </nav>
      <h1>{event.title}</h1>
      <p className="lead">{event.summary}</p>
      {event.cancelled ? (
        <Alert tone="warning" title="This event has been cancelled">
          <p>It will not take place. See the other live events for something similar.</p>
        </Alert>
      ) : event.past ? (
        <Alert tone="info" title="This event has taken place">
          <p>It is kept here as a record. See the upcoming live events for what is on next.</p>
        </Alert>
      ) : null}

      <section aria-labelledby="when-heading">
        <h2 id="when-heading">{event.sessions.length === 1 ? "When" : "Sessions"}</h2>
        <p className="muted">All times are UK time.</p>
        <SessionList sessions={event.sessions} />
        {!event.past && !event.cancelled ? (
          <p>
            {/* A file download, not a page: a plain link (Remix's Link would try to navigate to it). */}
            <a href={`/events/${event.id}/calendar.ics`} download>
              Add {event.sessions.length === 1 ? "the date" : "these dates"} to your calendar (.ics file)
            </a>
          </p>
        ) : null}
        {meta.phases.length ? (
          <>
            <h3>Between the sessions, in your school</h3>
            <ol>
              {meta.phases.map((phase) => (
                <li key={phase.title}>
                  <strong>{phase.title}</strong> ({formatDate(`${phase.from}T12:00:00Z`)} to {formatDate(`${phase.until}T12:00:00Z`)}):{" "}
                  {phase.summary}
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </section>

      <dl className="facts">
        <dt>Format</dt>
        <dd>{event.formatLabel}</dd>
        {meta.online ? (
          <>
            <dt>Online</dt>
            <dd>On {meta.online.platform}. The joining link is sent to people who have booked.</dd>
          </>
        ) : null}
        <dt>Key stages</dt>
        <dd>{event.keyStages.join(", ")}</dd>
        <dt>For</dt>
        <dd>{event.audience.map((a) => a.label).join(", ")}</dd>
        <dt>Topics</dt>
        <dd>{event.topics.map((t) => t.label).join(", ")}</dd>
        <dt>CPD hours</dt>
        <dd>{event.cpdHours}</dd>
        <dt>Places</dt>
        <dd>{event.capacity}</dd>
        {!event.past && !event.cancelled ? (
          <>
            <dt>Booking</dt>
            <dd>
              {event.bookingOpensAt && new Date(event.bookingOpensAt) > new Date()
                ? `Opens on ${formatDate(event.bookingOpensAt)}. `
                : null}
              Closes on {formatDate(event.bookingClosesAt, "dateTime")}.
            </dd>
          </>
        ) : null}
      </dl>

      {meta.venue ? (
        <section aria-labelledby="venue-heading">
          <h2 id="venue-heading">Venue</h2>
          <p>
            {meta.venue.name}
            <br />
            {meta.venue.address}
          </p>
          <h3>Access</h3>
          <p>{meta.venue.accessibility}</p>
        </section>
      ) : null}

      <section aria-labelledby="about-heading">
        <h2 id="about-heading">About this event</h2>
        {/* Rendered and sanitised when the event was published (load-events.server.ts). */}
        <div className="module-description" dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} />
      </section>

      {prepare.length || followUp.length ? (
        <section aria-labelledby="modules-heading">
          <h2 id="modules-heading">Online modules that go with it</h2>
          <ul>
            {prepare.map((m) => (
              <li key={`p-${m.id}`}>
                Prepare with <Link to={`/courses/${m.id}`}>{m.title}</Link>
              </li>
            ))}
            {followUp.map((m) => (
              <li key={`f-${m.id}`}>
                Follow up with <Link to={`/courses/${m.id}`}>{m.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="people-heading">
        <h2 id="people-heading">Who runs it</h2>
        <dl className="facts">
          {meta.partners.length ? (
            <>
              <dt>Partners</dt>
              <dd>
                <ul>
                  {meta.partners.map((p) => (
                    <li key={p.name}>
                      {p.name}
                      {p.role ? `: ${p.role}` : null}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          {meta.facilitators.length ? (
            <>
              <dt>Facilitators</dt>
              <dd>
                <ul>
                  {meta.facilitators.map((p) => (
                    <li key={p.name}>{person(p)}</li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          <dt>Organised by</dt>
          <dd>{meta.organisers.map(person).join("; ")}</dd>
        </dl>
      </section>
    </div>
  );
}
