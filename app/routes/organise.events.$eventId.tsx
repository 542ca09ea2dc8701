import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextareaField, TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { requireRole } from "~/modules/auth/session.server.ts";
import { CancelEventSchema, JoiningLinkSchema } from "~/modules/events/bookings.ts";
import { cancelEvent } from "~/modules/events/bookings.server.ts";
import { getEventAttendees, setJoiningUrl, type Attendee } from "~/modules/events/organise.server.ts";
import { formatMean } from "~/modules/events/event-feedback.ts";
import { getEventFeedbackFigures, type EventFeedbackFigures } from "~/modules/events/event-feedback.server.ts";
import { RATING_LABELS } from "~/modules/feedback/rating.ts";
import { formatDate } from "~/utils/dates.ts";
import { formErrorReply, invariantResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Bookings for ${data.event.title}` : "Bookings"} – Pathways` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "organiser", "admin");
  const attendees = await getEventAttendees(params.eventId ?? "");
  invariantResponse(attendees, "Event not found", 404);
  return { ...attendees, feedback: await getEventFeedbackFigures(attendees.event.id) };
}

type ActionReply = { intent: "joining-link" | "cancel-event" | null; result: SubmissionResult<string[]> | null; error?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, "organiser", "admin");
  const eventId = params.eventId ?? "";
  const here = `/organise/events/${encodeURIComponent(eventId)}`;
  const form = await readForm(request);
  const intent = form.get("intent");
  const schema = intent === "joining-link" ? JoiningLinkSchema : intent === "cancel-event" ? CancelEventSchema : null;
  if (!schema)
    return data<ActionReply>({ intent: null, result: null, error: "That request was not understood. Try again." }, { status: 400 });
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success")
    return data<ActionReply>(
      { intent: schema === JoiningLinkSchema ? "joining-link" : "cancel-event", result: submission.reply() },
      { status: 400 },
    );
  try {
    if (submission.value.intent === "joining-link") {
      const told = await setJoiningUrl(eventId, submission.value.joiningUrl ?? null);
      throw redirect(`${here}?saved=link&told=${told}`);
    }
    const told = await cancelEvent({ eventId, reason: submission.value.reason });
    throw redirect(`${here}?saved=cancelled&told=${told}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const { reply, status } = formErrorReply(error);
    return data<ActionReply>({ intent: submission.value.intent, result: submission.reply({ formErrors: [reply.error] }) }, { status });
  }
}

function PeopleTable({ people, caption, waiting }: { people: Attendee[]; caption: string; waiting?: boolean }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {waiting ? <th scope="col">Place in the queue</th> : null}
          <th scope="col">Name</th>
          <th scope="col">School or organisation</th>
          <th scope="col">Email</th>
          <th scope="col">{waiting ? "Waiting since" : "Booked"}</th>
          <th scope="col">Access needs</th>
          <th scope="col">Dietary requirements</th>
        </tr>
      </thead>
      <tbody>
        {people.map((p, i) => (
          <tr key={p.email}>
            {waiting ? <td>{i + 1}</td> : null}
            <th scope="row">{p.name}</th>
            <td>{p.organisation}</td>
            <td>{p.email}</td>
            <td>{formatDate(p.bookedAt, "short")}</td>
            <td>{p.accessNeeds ?? "None given"}</td>
            <td>{p.dietary ?? "None given"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** n, mean, median and the 1–6 distribution, then the comments and the quotes people allowed. */
function FeedbackFigures({ feedback }: { feedback: EventFeedbackFigures }) {
  return (
    <section aria-labelledby="feedback-heading">
      <h2 id="feedback-heading">Feedback</h2>
      {feedback.n === 0 || feedback.mean === null ? (
        <p>No feedback yet. Attendees are asked by email when the event is over, and reminded once a week later.</p>
      ) : (
        <>
          <dl className="facts">
            <dt>Responses</dt>
            <dd>{feedback.n}</dd>
            <dt>Mean rating</dt>
            <dd>{formatMean(feedback.mean)}</dd>
            <dt>Median rating</dt>
            <dd>{feedback.median}</dd>
          </dl>
          <table>
            <caption>Ratings, 1 to 6</caption>
            <thead>
              <tr>
                <th scope="col">Rating</th>
                <th scope="col">Responses</th>
              </tr>
            </thead>
            <tbody>
              {feedback.distribution.map((count, i) => (
                <tr key={i}>
                  <th scope="row">
                    {i + 1} – {RATING_LABELS[i + 1]}
                  </th>
                  <td>{count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {feedback.comments.length ? (
            <>
              <h3>What attendees said</h3>
              <ul className="card-list">
                {feedback.comments.map((c, i) => (
                  <li key={i} className="card">
                    <p className="muted">Rated {c.score} out of 6</p>
                    {c.comment ? <p>{c.comment}</p> : null}
                    {c.changes ? <p>Will do differently: {c.changes}</p> : null}
                    {c.impact ? <p>Expected impact on learners: {c.impact}</p> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {feedback.quotes.length ? (
            <>
              <h3>Quotes you may use</h3>
              <p className="hint">Only these people agreed to be quoted, and only with the attribution shown.</p>
              {feedback.quotes.map((q, i) => (
                <figure key={i}>
                  <blockquote>
                    <p>{q.text}</p>
                  </blockquote>
                  <figcaption>{q.by}</figcaption>
                </figure>
              ))}
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

function JoiningLinkForm({ current, lastResult }: { current: string | null; lastResult: SubmissionResult<string[]> | null | undefined }) {
  const [form, fields] = usePathwaysForm<{ intent: string; joiningUrl?: string }>({
    id: "joining-link",
    lastResult,
    defaultValue: { joiningUrl: current ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: JoiningLinkSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorSummary errors={summaryErrors(form, { joiningUrl: fields.joiningUrl })} />
      <input type="hidden" name="intent" value="joining-link" />
      <TextField
        meta={fields.joiningUrl}
        type="url"
        label="Joining link"
        hint="The meeting link (https://…). Only people with a place see it, on the event page and by email; when you change it, they are emailed the new one. Leave it empty to remove it."
      />
      <Button variant="secondary">Save the joining link</Button>
    </Form>
  );
}

function CancelEventForm({ lastResult }: { lastResult: SubmissionResult<string[]> | null | undefined }) {
  const [form, fields] = usePathwaysForm<{ intent: string; reason: string }>({
    id: "cancel-event",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelEventSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorSummary errors={summaryErrors(form, { reason: fields.reason })} />
      <input type="hidden" name="intent" value="cancel-event" />
      <TextareaField
        meta={fields.reason}
        label="Why is it cancelled?"
        hint="Sent to everyone booked and waiting, with a calendar cancellation. Say what happens next if you can (e.g. a new date next term)."
        rows={3}
      />
      <Button variant="danger">Cancel this event for everyone</Button>
    </Form>
  );
}

export default function OrganiseEvent() {
  const { event, confirmed, waiting, feedback } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const told = Number(params.get("told") ?? 0);
  const past = new Date(event.endsAt) < new Date();
  return (
    <div className="container page">
      <nav aria-label="Breadcrumb">
        <p>
          <Link to="/organise">All events</Link>
        </p>
      </nav>
      <h1>Bookings for {event.title}</h1>
      {params.get("saved") === "link" ? (
        <Alert tone="success" title="Joining link saved.">
          <p>{told ? `${told} ${told === 1 ? "person" : "people"} with a place will be emailed it.` : "Nobody needed to be emailed."}</p>
        </Alert>
      ) : params.get("saved") === "created" ? (
        <Alert tone="success" title="The event is published.">
          <p>
            People can book it on <Link to={`/events/${event.id}`}>its public page</Link> from the day booking opens.
          </p>
        </Alert>
      ) : params.get("saved") === "details" ? (
        <Alert tone="success" title="Changes saved.">
          <p>If a date, time or venue changed, everyone with a place is being emailed an updated calendar entry.</p>
        </Alert>
      ) : params.get("saved") === "unchanged" ? (
        <Alert tone="info" title="Nothing had changed.">
          <p>The event is as it was.</p>
        </Alert>
      ) : params.get("saved") === "cancelled" ? (
        <Alert tone="success" title="The event is cancelled.">
          <p>
            {told} {told === 1 ? "person has" : "people have"} been emailed.
          </p>
        </Alert>
      ) : null}
      {actionData?.error ? (
        <Alert tone="error" title="That did not work">
          <p>{actionData.error}</p>
        </Alert>
      ) : null}
      <p>
        <Link to={`/events/${event.id}`}>The event&apos;s public page</Link>. {confirmed.length} of {event.capacity} places booked,{" "}
        {waiting.length} waiting.
        {event.cancelled ? <strong> This event has been cancelled.</strong> : null}
      </p>
      <p className="hint">
        Access needs and dietary requirements are here to plan the day. Keep them within the organising team; they are deleted 30 days after
        the event.
      </p>
      {!event.cancelled ? (
        <p>
          <Link to={`/organise/events/${event.id}/register`} className="button button--secondary">
            Take the register and show the check-in code
          </Link>{" "}
          <Link to={`/organise/events/${event.id}/edit`} className="button button--secondary">
            Change the event&apos;s details
          </Link>
        </p>
      ) : null}
      <p>
        <a href={`/organise/events/${event.id}/event.md`} download>
          Download the event as a file
        </a>{" "}
        (for <code>events/</code> in the repository).
      </p>
      {confirmed.length ? <PeopleTable people={confirmed} caption="People with a place" /> : <p>Nobody has booked a place yet.</p>}
      {waiting.length ? <PeopleTable people={waiting} caption="Waiting list, in order" waiting /> : null}
      {past ? <FeedbackFigures feedback={feedback} /> : null}
      {event.online && !event.cancelled && !past ? (
        <section aria-labelledby="joining-heading">
          <h2 id="joining-heading">Online joining link</h2>
          <JoiningLinkForm current={event.joiningUrl} lastResult={actionData?.intent === "joining-link" ? actionData.result : null} />
        </section>
      ) : null}
      {!event.cancelled && !past ? (
        <section aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">Cancel the event</h2>
          <CancelEventForm lastResult={actionData?.intent === "cancel-event" ? actionData.result : null} />
        </section>
      ) : null}
    </div>
  );
}
