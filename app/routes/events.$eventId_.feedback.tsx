import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { FieldError, TextareaField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import type { z } from "zod";
import { requireUser } from "~/modules/auth/session.server.ts";
import { EventFeedbackSchema, QUOTE_CONSENT_LABELS, QUOTE_CONSENTS, type EventFeedbackInput } from "~/modules/events/event-feedback.ts";
import { getFeedbackPage, saveEventFeedback } from "~/modules/events/event-feedback.server.ts";
import { RATING_MAX } from "~/modules/feedback/rating.ts";
import { RatingChoices } from "~/components/feedback/rating-choices.tsx";
import { formErrorReply, invariantResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Feedback${data ? `: ${data.title}` : ""} – Pathways` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await getFeedbackPage(user.id, params.eventId ?? "");
  invariantResponse(page, "Event not found", 404);
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const eventId = params.eventId ?? "";
  const submission = parseWithZod(await readForm(request), { schema: EventFeedbackSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await saveEventFeedback({ userId: user.id, eventId, input: submission.value });
  } catch (error) {
    // Not eligible (403) is said beside the form.
    const { reply, status } = formErrorReply(error, { beside: ["forbidden"] });
    return data({ result: submission.reply({ formErrors: [reply.error] }) }, { status });
  }
  throw redirect(`/events/${encodeURIComponent(eventId)}/feedback?thanks=1`);
}

function FeedbackForm({
  title,
  current,
  lastResult,
}: {
  title: string;
  current: EventFeedbackInput | null;
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = usePathwaysForm<z.input<typeof EventFeedbackSchema>, EventFeedbackInput>({
    id: "event-feedback",
    lastResult,
    defaultValue: current ? { ...current, score: String(current.score) } : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EventFeedbackSchema }),
  });
  const chosen = fields.score.initialValue ?? (current ? String(current.score) : undefined);
  const consent = fields.quoteConsent.initialValue ?? current?.quoteConsent;
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorSummary
        errors={summaryErrors(form, {
          score: { id: `${fields.score.id}-1`, name: fields.score.name },
          comment: fields.comment,
          changes: fields.changes,
          impact: fields.impact,
          quoteConsent: { id: `${fields.quoteConsent.id}-none`, name: fields.quoteConsent.name },
        })}
      />
      {form.errors?.length ? (
        <Alert tone="error" title="Your feedback was not saved">
          <p>{form.errors.join(" ")}</p>
        </Alert>
      ) : null}
      <RatingChoices meta={fields.score} what={title} chosen={chosen} />
      <TextareaField meta={fields.comment} label="What worked, and what would have made it better? (optional)" rows={3} />
      <TextareaField meta={fields.changes} label="What will you do differently in your teaching? (optional)" rows={3} />
      <TextareaField
        meta={fields.impact}
        label="What difference do you expect it to make to your learners? (optional)"
        hint="For example: which pupils, in which lessons, and how you will know."
        rows={3}
      />
      <fieldset
        className={`field${fields.quoteConsent.errors?.length ? " field--error" : ""}`}
        aria-describedby={fields.quoteConsent.errors?.length ? fields.quoteConsent.errorId : undefined}
      >
        <legend>May we quote your comments in reports about the programme?</legend>
        <span className="hint">Reports go to the programme&apos;s funders and partners. Your rating is counted either way.</span>
        <FieldError id={fields.quoteConsent.errorId} errors={fields.quoteConsent.errors} />
        <ul className="choices">
          {QUOTE_CONSENTS.map((value) => (
            <li key={value}>
              <input
                id={`${fields.quoteConsent.id}-${value}`}
                type="radio"
                name={fields.quoteConsent.name}
                value={value}
                defaultChecked={consent === value}
              />
              <label htmlFor={`${fields.quoteConsent.id}-${value}`}>{QUOTE_CONSENT_LABELS[value]}</label>
            </li>
          ))}
        </ul>
      </fieldset>
      <Button>{current ? "Update your feedback" : "Send your feedback"}</Button>
    </Form>
  );
}

export default function EventFeedback() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="container page narrow">
      <p>
        <Link to={`/events/${page.eventId}`}>{page.title}</Link>
      </p>
      <h1>Your feedback</h1>
      {params.get("thanks") && page.eligible && page.current ? (
        <Alert tone="success" title="Thank you for your feedback.">
          <p>
            You rated it {page.current.score} out of {RATING_MAX}. You can change your answers at any time.
          </p>
        </Alert>
      ) : null}
      {page.eligible ? <FeedbackForm title={page.title} current={page.current} lastResult={actionData?.result} /> : <p>{page.reason}</p>}
      <p>
        <Link to="/learning">Back to my learning</Link>
      </p>
    </div>
  );
}
