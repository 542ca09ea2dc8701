import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { BookingPanel } from "~/components/events/booking-panel.tsx";
import { SessionList } from "~/components/events/event-summary.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { getCurrentUser, requireUser } from "~/modules/auth/session.server.ts";
import { checkInOpen } from "~/modules/events/attendance.ts";
import { asksForPersonalNeeds, BookingFormSchema, bookingState } from "~/modules/events/bookings.ts";
import { bookPlace, cancelBooking, confirmedCounts, getMyBooking, placesLeft } from "~/modules/events/bookings.server.ts";
import { getEvent } from "~/modules/events/events.server.ts";
import { formatDate } from "~/utils/dates.ts";
import { formErrorReply, invariantResponse } from "~/utils/errors.ts";
import { appOrigin, readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.event.title} – Pathways` }, { name: "description", content: data.event.summary }] : [];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Public, like the listing; the booking panel (and the joining link) is the signed-in person's own.
  const [event, user] = await Promise.all([getEvent(params.eventId ?? ""), getCurrentUser(request)]);
  invariantResponse(event, "Event not found", 404);
  const now = new Date();
  const [booking, counts] = await Promise.all([user ? getMyBooking(user.id, event.id, { now }) : null, confirmedCounts([event.id])]);
  return {
    event,
    signedIn: !!user,
    booking,
    places: placesLeft(event.capacity, counts.get(event.id) ?? 0),
    // Decided here, against the server's clock, so the page and its hydration agree.
    bookingState: bookingState({ ...event, cancelledAt: event.cancelled ? now : null }, now),
    canCheckIn: booking?.status === "confirmed" && event.sessions.some((s) => checkInOpen(s, now)),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const eventId = params.eventId ?? "";
  const form = await readForm(request);
  const here = `/events/${encodeURIComponent(eventId)}`;
  try {
    if (form.get("intent") === "cancel") {
      await cancelBooking({ userId: user.id, eventId });
      throw redirect(`${here}?cancelled=1`);
    }
    const submission = parseWithZod(form, { schema: BookingFormSchema });
    if (form.get("intent") !== "book") return data({ result: null, error: "That request was not understood. Try again." }, { status: 400 });
    if (submission.status !== "success") return data({ result: submission.reply(), error: undefined }, { status: 400 });
    const outcome = await bookPlace({ userId: user.id, eventId, form: submission.value, origin: appOrigin(request) });
    throw redirect(`${here}?booked=${outcome.status}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const { reply, status } = formErrorReply(error);
    return data({ result: null, error: reply.error }, { status });
  }
}

const person = (p: { name: string; role?: string; fictional?: boolean }) =>
  `${p.name}${p.fictional ? " (fictional)" : ""}${p.role ? `, ${p.role}` : ""}`;

export default function EventPage() {
  const { event, signedIn, booking, places, bookingState, canCheckIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
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
      {params.get("booked") === "confirmed" && booking?.status === "confirmed" ? (
        <Alert tone="success" title="Your place is booked.">
          <p>We have emailed you a confirmation with a calendar invitation. The booking is also on My learning.</p>
        </Alert>
      ) : params.get("booked") === "waiting" && booking?.status === "waiting" ? (
        <Alert tone="success" title="You are on the waiting list.">
          <p>We have emailed you to confirm. If a place comes up, it is yours automatically and we will email you.</p>
        </Alert>
      ) : params.get("cancelled") && !booking ? (
        <Alert tone="success" title="Your booking is cancelled.">
          <p>We have emailed you a cancellation that removes it from your calendar.</p>
        </Alert>
      ) : null}

      {canCheckIn ? (
        <p>
          <Link to={`/events/${event.id}/check-in`} className="button">
            Check in to today&apos;s session
          </Link>
        </p>
      ) : null}
      {!event.past && !event.cancelled ? (
        <BookingPanel
          eventId={event.id}
          title={event.title}
          signedIn={signedIn}
          state={bookingState}
          places={places}
          asksForNeeds={asksForPersonalNeeds(event.format)}
          booking={booking}
          online={meta.online ?? null}
          lastResult={actionData?.result}
          error={actionData?.error}
        />
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
        <dd>{event.past || event.cancelled ? event.capacity : `${places.text} (of ${event.capacity})`}</dd>
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
