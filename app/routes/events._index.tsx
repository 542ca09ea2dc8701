import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useRef } from "react";
import { z } from "zod";
import { Button } from "~/components/ui/button.tsx";
import { CheckboxGroup, useFilterInputsFollowAddress, valuesOf } from "~/components/ui/filter-fields.tsx";
import { AUDIENCES, KEY_STAGES } from "~/modules/catalog/course-format/module-file.ts";
import { ID_MAX_LENGTH, ID_PATTERN } from "~/modules/catalog/course-format.ts";
import { EVENT_FORMATS } from "~/modules/events/event-format.ts";
import { EventSummary } from "~/components/events/event-summary.tsx";
import { confirmedCounts, placesLeft } from "~/modules/events/bookings.server.ts";
import { formatMean } from "~/modules/events/event-feedback.ts";
import { getPublicEventRatings } from "~/modules/events/event-feedback.server.ts";
import { listPastEvents, listUpcomingEvents } from "~/modules/events/events.server.ts";

export const meta: MetaFunction = () => [
  { title: "Live events – Pathways" },
  { name: "description", content: "Free live CPD for teachers, online and in person: forums, workshops, courses and special projects." },
];

const EventQuerySchema = z.object({
  audience: valuesOf(z.enum(AUDIENCES)),
  keyStage: valuesOf(z.enum(KEY_STAGES)),
  format: valuesOf(z.enum(EVENT_FORMATS)),
  topic: valuesOf(z.string().max(ID_MAX_LENGTH).regex(ID_PATTERN)),
  month: valuesOf(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)),
});

export async function loader({ request }: LoaderFunctionArgs) {
  // Public: anyone may see what is on. Bad values are dropped by the schema, never a 500.
  const params = new URL(request.url).searchParams;
  const query = EventQuerySchema.parse({
    audience: params.getAll("audience"),
    keyStage: params.getAll("keyStage"),
    format: params.getAll("format"),
    topic: params.getAll("topic"),
    month: params.getAll("month"),
  });
  const now = new Date();
  const [{ events, facets }, past] = await Promise.all([listUpcomingEvents(query, { now }), listPastEvents({ now, limit: 20 })]);
  const chosen = Object.values(query).reduce((sum, values) => sum + values.length, 0);
  const counts = await confirmedCounts(events.map((e) => e.id));
  const places = Object.fromEntries(events.map((e) => [e.id, placesLeft(e.capacity, counts.get(e.id) ?? 0).text]));
  // The archive shows a rating once enough attendees have given one (as modules do, ADR 0015).
  const ratings = await getPublicEventRatings(past.map((e) => e.id));
  const pastRatings = Object.fromEntries([...ratings].map(([id, r]) => [id, `${formatMean(r.mean)} from ${r.n} attendees`]));
  return { events, facets, past, chosen, places, pastRatings };
}

function resultsMessage(count: number, filtered: boolean) {
  const events = `${count} upcoming event${count === 1 ? "" : "s"}`;
  if (!filtered) return count === 0 ? "No events are planned at the moment. Check back soon." : `Showing all ${events}.`;
  if (count === 0) return "No upcoming events match your filters.";
  return `${events} ${count === 1 ? "matches" : "match"} your filters.`;
}

export default function Events() {
  const { events, facets, past, chosen, places, pastRatings } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  useFilterInputsFollowAddress(formRef, searchParams);
  return (
    <div className="container page">
      <h1>Live events</h1>
      <p className="lead">
        Free live CPD, online and in person, run with partners from education and the digital industries. Times are UK time.
      </p>
      <div className="catalogue">
        <Form ref={formRef} method="get" aria-labelledby="events-filter-heading" className="catalogue-filters">
          <h2 id="events-filter-heading">Filter events</h2>
          <details className="filter-disclosure" open={chosen > 0 || undefined}>
            <summary>Filter events{chosen > 0 ? ` (${chosen} chosen)` : ""}</summary>
            <CheckboxGroup name="keyStage" legend="Key stage" options={facets.keyStages} checked={searchParams.getAll("keyStage")} />
            <CheckboxGroup name="audience" legend="Who it is for" options={facets.audiences} checked={searchParams.getAll("audience")} />
            <CheckboxGroup name="format" legend="Format" options={facets.formats} checked={searchParams.getAll("format")} />
            <CheckboxGroup name="month" legend="Month" options={facets.months} checked={searchParams.getAll("month")} />
            <CheckboxGroup name="topic" legend="Topic" options={facets.topics} checked={searchParams.getAll("topic")} />
          </details>
          <Button>Show events</Button>
        </Form>
        <section aria-labelledby="events-results-heading">
          <h2 id="events-results-heading">Upcoming events</h2>
          <p role="status" className="results-count">
            {resultsMessage(events.length, chosen > 0)}
          </p>
          {chosen > 0 ? (
            <p>
              <Link to="/events">Clear filters</Link>
            </p>
          ) : null}
          {events.length > 0 ? (
            <ul className="card-list catalogue-results">
              {events.map((event) => (
                <EventSummary key={event.id} event={event} places={places[event.id]} />
              ))}
            </ul>
          ) : null}
        </section>
      </div>
      {past.length > 0 ? (
        <section aria-labelledby="events-archive-heading">
          <h2 id="events-archive-heading">Past events</h2>
          <ul className="card-list">
            {past.map((event) => (
              <EventSummary key={event.id} event={event} rating={pastRatings[event.id]} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
