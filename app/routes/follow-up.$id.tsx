import { getFormProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { CheckboxGroupField, FieldError, TextareaField, TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { KEY_STAGES } from "~/modules/catalog/course-format/module-file.ts";
import { DeclineSchema, FollowUpSchema, USED_ANSWERS } from "~/modules/followups/follow-ups.ts";
import { answerFollowUp, declineFollowUp, getFollowUp } from "~/modules/followups/follow-ups.server.ts";
import { invariantResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Did ${data.followUp.title} change your classroom? – Pathways` : "Follow-up – Pathways" },
];

/** The follow-up's own person only: anyone else gets 404 (docs/decisions/0062). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const followUp = await getFollowUp(user.id, params.id ?? "");
  invariantResponse(followUp, "Not found", 404);
  return { followUp, saved: new URL(request.url).searchParams.get("saved") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  const form = await readForm(request);
  if (form.get("intent") === "decline") {
    const submission = parseWithZod(form, { schema: DeclineSchema });
    invariantResponse(submission.status === "success", "That was not understood.", 400);
    invariantResponse(await declineFollowUp(user.id, id, { never: submission.value.never === "on" }), "Not found", 404);
    throw redirect(`/follow-up/${encodeURIComponent(id)}?saved=declined`);
  }
  const submission = parseWithZod(form, { schema: FollowUpSchema });
  if (submission.status !== "success") return data<{ result: SubmissionResult<string[]> }>({ result: submission.reply() }, { status: 400 });
  invariantResponse(await answerFollowUp(user.id, id, submission.value), "Not found", 404);
  throw redirect(`/follow-up/${encodeURIComponent(id)}?saved=answered`);
}

export default function FollowUpPage() {
  const { followUp, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = usePathwaysForm({
    id: "follow-up",
    lastResult: actionData?.result,
    defaultValue: {
      used: followUp.used ?? undefined,
      learners: followUp.learners?.toString() ?? "",
      girls: followUp.girls?.toString() ?? "",
      keyStages: followUp.keyStages.split(",").filter(Boolean),
      changed: followUp.changed,
      wouldHelp: followUp.wouldHelp,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FollowUpSchema }),
  });
  const chosen = fields.used.initialValue ?? followUp.used ?? undefined;
  const usedErrors = fields.used.errors ?? [];
  return (
    <div className="container page narrow">
      <p className="muted">
        <Link to="/learning">My learning</Link>
      </p>
      <h1>Did {followUp.title} change your classroom?</h1>
      {saved === "answered" ? (
        <Alert tone="success" title="Thank you.">
          <p>Your answers are saved. You can change them here at any time.</p>
        </Alert>
      ) : saved === "declined" || followUp.declinedAt ? (
        <Alert tone="info" title="We will not ask about this again.">
          <p>You can still answer below if you change your mind.</p>
        </Alert>
      ) : null}
      <p>
        Two minutes. We ask about numbers and key stages, never about a pupil by name. The programme reports the totals to the people who
        fund it, with small numbers hidden.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <ErrorSummary
          errors={summaryErrors(form, {
            used: { id: `${fields.used.id}-yes`, name: fields.used.name },
            learners: fields.learners,
            girls: fields.girls,
            changed: fields.changed,
            wouldHelp: fields.wouldHelp,
          })}
        />
        <input type="hidden" name="intent" value="answer" />
        <fieldset
          className={`field${usedErrors.length ? " field--error" : ""}`}
          aria-describedby={usedErrors.length ? fields.used.errorId : undefined}
        >
          <legend>Have you used what you learned with learners?</legend>
          <FieldError id={fields.used.errorId} errors={usedErrors} />
          <ul className="choices">
            {Object.entries(USED_ANSWERS).map(([value, label]) => (
              <li key={`${value}-${String(chosen)}`}>
                <input
                  type="radio"
                  id={`${fields.used.id}-${value}`}
                  name={fields.used.name}
                  value={value}
                  defaultChecked={chosen === value}
                />
                <label htmlFor={`${fields.used.id}-${value}`}>{label}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <TextField
          meta={fields.learners as FieldMetadata<string | undefined>}
          type="number"
          label="With how many learners, roughly? (optional)"
          min="0"
          step="1"
        />
        <CheckboxGroupField
          meta={fields.keyStages}
          legend="At which key stages? (optional)"
          options={Object.fromEntries(KEY_STAGES.map((k) => [k, k]))}
        />
        <TextField
          meta={fields.girls as FieldMetadata<string | undefined>}
          type="number"
          label="Of those learners, how many were girls? (optional)"
          hint="It helps the programme see whether it reaches girls in computing. Leave it empty if you do not know."
          min="0"
          step="1"
        />
        <TextareaField meta={fields.changed} label="What changed? (optional)" hint="In your teaching, or for your learners." rows={4} />
        <TextareaField meta={fields.wouldHelp} label="One thing that would help you do more of it (optional)" rows={3} />
        <Button>Send my answers</Button>
      </Form>
      {!followUp.answeredAt && !followUp.declinedAt ? (
        <Form method="post" className="follow-up-decline">
          <h2>Would you rather not answer?</h2>
          <input type="hidden" name="intent" value="decline" />
          <div className="checkbox">
            <input type="checkbox" id="follow-up-never" name="never" />
            <label htmlFor="follow-up-never">Do not ask me about any other module or event either</label>
          </div>
          <Button variant="secondary">No thanks</Button>
        </Form>
      ) : null}
    </div>
  );
}
