import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextareaField, TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import {
  BookingFormSchema,
  PERSONAL_DATA_RETENTION_DAYS,
  type BookingForm as BookingFormValue,
  type BookingState,
} from "~/modules/events/bookings.ts";

export type BookingPanelProps = {
  eventId: string;
  title: string;
  signedIn: boolean;
  state: BookingState;
  places: { left: number; text: string };
  /** Whether to ask about access needs and food (in-person and hybrid events). */
  asksForNeeds: boolean;
  booking: {
    status: "confirmed" | "waiting";
    waitingPosition: number;
    accessNeeds: string | null;
    dietary: string | null;
    joiningUrl: string | null;
  } | null;
  online: { platform: string } | null;
  lastResult?: SubmissionResult<string[]> | null;
  error?: string;
};

/**
 * "Book a place" on an event's page: what the signed-in person has booked (with the joining link
 * and a way to cancel), or the booking form, or why booking is not possible. Plain POSTs to the
 * event's page, so it all works without JavaScript.
 */
export function BookingPanel(props: BookingPanelProps) {
  const { eventId, title, signedIn, state, places, booking, error } = props;
  const here = `/events/${encodeURIComponent(eventId)}`;
  return (
    <section aria-labelledby="booking-heading" className="enrol-panel">
      <h2 id="booking-heading">
        {booking?.status === "waiting" ? "Your place on the waiting list" : booking ? "Your place" : "Book a place"}
      </h2>
      {error ? (
        <Alert tone="error" title="That did not work">
          <p>{error}</p>
        </Alert>
      ) : null}
      {booking ? (
        <YourBooking {...props} booking={booking} />
      ) : !state.open ? (
        <p>{state.message}</p>
      ) : !signedIn ? (
        <>
          <p>{places.text}.</p>
          <p>
            <Link to={`/sign-in?redirectTo=${encodeURIComponent(here)}`}>Sign in</Link> or <Link to="/sign-up">create a free account</Link>{" "}
            to book {title}.
          </p>
        </>
      ) : (
        <BookingForm {...props} />
      )}
    </section>
  );
}

function YourBooking({ eventId, booking, online }: BookingPanelProps & { booking: NonNullable<BookingPanelProps["booking"]> }) {
  const waiting = booking.status === "waiting";
  return (
    <>
      {waiting ? (
        <p>
          You are number {booking.waitingPosition} on the waiting list. If a place comes up before the event starts, it goes to the first
          person waiting and we email you straight away.
        </p>
      ) : (
        <p>You have a place. We have emailed you the details and a calendar invitation.</p>
      )}
      {!waiting && online ? (
        <p>
          {booking.joiningUrl ? (
            <>
              Join on {online.platform}: <a href={booking.joiningUrl}>{booking.joiningUrl}</a>
            </>
          ) : (
            <>The joining link for {online.platform} will be here and in your email before the event.</>
          )}
        </p>
      ) : null}
      {booking.accessNeeds || booking.dietary ? (
        <dl className="facts">
          {booking.accessNeeds ? (
            <>
              <dt>Access needs you told us</dt>
              <dd>{booking.accessNeeds}</dd>
            </>
          ) : null}
          {booking.dietary ? (
            <>
              <dt>Dietary requirements you told us</dt>
              <dd>{booking.dietary}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <Form method="post" action={`/events/${encodeURIComponent(eventId)}`}>
        <input type="hidden" name="intent" value="cancel" />
        <Button variant="secondary">{waiting ? "Leave the waiting list" : "Cancel my booking"}</Button>
      </Form>
    </>
  );
}

function BookingForm({ eventId, places, asksForNeeds, lastResult }: BookingPanelProps) {
  const [form, fields] = usePathwaysForm<BookingFormValue>({
    id: `booking-${eventId}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BookingFormSchema }),
  });
  const full = places.left === 0;
  return (
    <Form method="post" action={`/events/${encodeURIComponent(eventId)}`} {...getFormProps(form)}>
      <ErrorSummary errors={summaryErrors(form, { accessNeeds: fields.accessNeeds, dietary: fields.dietary })} />
      <p>
        <strong>{places.text}.</strong>
        {full ? " If a place comes up before the event starts, the first person waiting gets it automatically." : null}
      </p>
      <input type="hidden" name="intent" value="book" />
      {asksForNeeds ? (
        <>
          <TextareaField
            meta={fields.accessNeeds}
            label="Access needs (optional)"
            hint="Anything the organisers should arrange so that you can take part: step-free access, a hearing loop, a seat near the front, breaks."
            rows={3}
          />
          <TextField
            meta={fields.dietary}
            label="Dietary requirements (optional)"
            hint="For refreshments, e.g. vegetarian, halal, no nuts."
          />
          <p className="hint">
            Only the event&apos;s organisers see these, to plan the day. We delete them {PERSONAL_DATA_RETENTION_DAYS} days after the event,
            or at once if you cancel.
          </p>
        </>
      ) : null}
      <Button>{full ? "Join the waiting list" : "Book a place"}</Button>
    </Form>
  );
}
