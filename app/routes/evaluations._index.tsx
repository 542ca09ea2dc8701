import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { CheckboxGroupField, SelectField, TextareaField, TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { hasRole, requireRole } from "~/modules/auth/session.server.ts";
import { ASSIGNMENT_METHODS, CreateEvaluationSchema } from "~/modules/evaluations/evaluation.ts";
import { createEvaluation, listEvaluations } from "~/modules/evaluations/evaluations.server.ts";
import { activityChoices, impactChoices } from "~/modules/impact/choices.server.ts";
import { formatDate } from "~/utils/dates.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Evaluations – Pathways" }];

/** Evaluators and admins see the evaluations; admins set new ones up (docs/decisions/0064). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "evaluator", "admin");
  const isAdmin = hasRole(user, "admin");
  const [evaluations, choices, activities] = await Promise.all([
    listEvaluations(),
    isAdmin ? impactChoices() : null,
    isAdmin ? activityChoices() : null,
  ]);
  return { evaluations, isAdmin, choices: choices && activities && { regions: choices.regions, activities } };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const submission = parseWithZod(await readForm(request), { schema: CreateEvaluationSchema });
  if (submission.status !== "success") return data<{ result: SubmissionResult<string[]> }>({ result: submission.reply() }, { status: 400 });
  const id = await createEvaluation(user.id, submission.value);
  throw redirect(`/evaluations/${id}?created=1`);
}

function CreateEvaluationForm({
  lastResult,
  regions,
  activities,
}: {
  lastResult?: SubmissionResult<string[]>;
  regions: Record<string, string>;
  activities: Record<string, string>;
}) {
  const [form, fields] = usePathwaysForm({
    id: "create-evaluation",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateEvaluationSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorSummary
        errors={summaryErrors(form, {
          name: fields.name,
          question: fields.question,
          startsOn: fields.startsOn,
          endsOn: fields.endsOn,
          assignmentMethod: fields.assignmentMethod,
          comparisonRegion: fields.comparisonRegion,
          activities: fields.activities,
        })}
      />
      <TextField meta={fields.name} label="Name" hint="For example: Computing in Northshire secondary schools, 2026 to 2027" />
      <TextareaField
        meta={fields.question}
        label="What it sets out to find"
        hint="The question and the outcome measures, in a sentence or two, as in the evaluation plan."
        rows={3}
      />
      <div className="inline-fields">
        <TextField meta={fields.startsOn} type="date" label="Activity counted from" />
        <TextField meta={fields.endsOn} type="date" label="Activity counted until" />
      </div>
      <SelectField meta={fields.assignmentMethod} label="How schools are put in their arms" options={ASSIGNMENT_METHODS} />
      <SelectField
        meta={fields.comparisonRegion}
        label="Comparison region (optional)"
        hint="Every other open secondary school of this region (from GIAS) becomes the comparison arm."
        options={regions}
        placeholder="No comparison arm"
      />
      <CheckboxGroupField
        meta={fields.activities}
        legend="What the treatment arm receives (optional)"
        hint="Staff of control schools who take part in these are flagged as contamination. If you tick none, any Pathways activity counts."
        options={activities}
      />
      <Button>Set up the evaluation</Button>
    </Form>
  );
}

export default function Evaluations() {
  const { evaluations, isAdmin, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <h1>Evaluations</h1>
      <p>
        An evaluation compares schools that take part in the programme (treatment) with schools that do not yet (control), and with the
        other secondary schools of a region (comparison). Once the arms are locked they never change; a school that drops out stays in its
        arm. Exports are pseudonymised and every one is logged.
      </p>
      {evaluations.length ? (
        <table>
          <caption>Evaluations</caption>
          <thead>
            <tr>
              <th scope="col">Evaluation</th>
              <th scope="col">Period</th>
              <th scope="col">Schools assigned</th>
              <th scope="col">Arms</th>
              <th scope="col">Exports</th>
            </tr>
          </thead>
          <tbody>
            {evaluations.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <Link to={`/evaluations/${e.id}`}>{e.name}</Link>
                </th>
                <td>
                  {formatDate(`${e.startsOn}T12:00:00Z`, "short")} to {formatDate(`${e.endsOn}T12:00:00Z`, "short")}
                </td>
                <td className="numeric">{e._count.schools}</td>
                <td>{e.lockedAt ? "Locked" : "Not locked yet"}</td>
                <td className="numeric">{e._count.exports}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No evaluation has been set up yet.</p>
      )}
      {isAdmin && choices ? (
        <section aria-labelledby="new-evaluation">
          <h2 id="new-evaluation">Set up an evaluation</h2>
          <CreateEvaluationForm lastResult={actionData?.result} regions={choices.regions} activities={choices.activities} />
        </section>
      ) : null}
    </div>
  );
}
