import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { SelectField, TextareaField, TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { hasRole, requireRole } from "~/modules/auth/session.server.ts";
import {
  AddSchoolsSchema,
  ARMS,
  ASSIGNMENT_METHODS,
  EvaluationActionSchema,
  ExportRequestSchema,
  LockSchema,
  RemoveSchoolSchema,
  WithdrawSchema,
  type AssignmentMethod,
} from "~/modules/evaluations/evaluation.ts";
import { applyEvaluationAction, getEvaluation } from "~/modules/evaluations/evaluations.server.ts";
import { formatDate, londonIsoDate } from "~/utils/dates.ts";
import { firstErrorMessage, formErrorReply, invariantResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.evaluation.name ?? "Evaluation"} – Pathways` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "evaluator", "admin");
  const evaluation = await getEvaluation(params.id ?? "");
  invariantResponse(evaluation, "Evaluation not found", 404);
  // getEvaluation never selects the pseudonym key: it stays on the server.
  return { evaluation, isAdmin: hasRole(user, "admin"), today: londonIsoDate(new Date()) };
}

type Reply = { ok: boolean; message: string; intent: string; result: SubmissionResult<string[]> };

/** Admins only: add or take out schools (until locked), lock the arms, mark a school withdrawn. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const submission = parseWithZod(await readForm(request), { schema: EvaluationActionSchema });
  const intent = String(submission.payload.intent ?? "");
  if (submission.status !== "success") {
    const message = firstErrorMessage(submission.error, "That was not understood. Try again.");
    return data<Reply>({ ok: false, message, intent, result: submission.reply() }, { status: 400 });
  }
  try {
    const message = await applyEvaluationAction(params.id ?? "", user.id, submission.value);
    return data<Reply>({ ok: true, message, intent, result: submission.reply({ resetForm: true }) });
  } catch (error) {
    const { reply, status } = formErrorReply(error, { beside: ["not-found", "conflict"] });
    return data<Reply>({ ok: false, message: reply.error, intent, result: submission.reply({ formErrors: [reply.error] }) }, { status });
  }
}

function AddSchoolsForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = usePathwaysForm({
    id: "add-schools",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddSchoolsSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorSummary errors={summaryErrors(form, { urns: fields.urns, arm: fields.arm })} title="The schools were not added" />
      <input type="hidden" name="intent" value="add-schools" />
      <TextareaField
        meta={fields.urns}
        label="URNs"
        hint="One per line, or separated by commas: the schools' URNs from Get Information About Schools (Admin, Schools)."
        rows={4}
      />
      <SelectField meta={fields.arm} label="Arm" options={ARMS} />
      <Button variant="secondary">Add to the arm</Button>
    </Form>
  );
}

function LockForm({ lastResult, today }: { lastResult?: SubmissionResult<string[]>; today: string }) {
  const [form, fields] = usePathwaysForm({
    id: "lock",
    lastResult,
    defaultValue: { assignedOn: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LockSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorSummary errors={summaryErrors(form, { assignedOn: fields.assignedOn })} title="The arms were not locked" />
      <input type="hidden" name="intent" value="lock" />
      <TextField meta={fields.assignedOn} type="date" label="Schools were assigned on" />
      <Button>Lock the arms</Button>
    </Form>
  );
}

function WithdrawForm({
  lastResult,
  schools,
  today,
}: {
  lastResult?: SubmissionResult<string[]>;
  schools: Record<string, string>;
  today: string;
}) {
  const [form, fields] = usePathwaysForm({
    id: "withdraw",
    lastResult,
    defaultValue: { withdrawnOn: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WithdrawSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorSummary
        errors={summaryErrors(form, { urn: fields.urn, withdrawnOn: fields.withdrawnOn })}
        title="The school was not marked as withdrawn"
      />
      <input type="hidden" name="intent" value="withdraw" />
      <div className="inline-fields">
        <SelectField meta={fields.urn} label="School that dropped out" options={schools} />
        <TextField meta={fields.withdrawnOn} type="date" label="Withdrew on" />
      </div>
      <Button variant="secondary">Mark as withdrawn</Button>
    </Form>
  );
}

function RemoveSchoolForm({ lastResult, schools }: { lastResult?: SubmissionResult<string[]>; schools: Record<string, string> }) {
  const [form, fields] = usePathwaysForm({
    id: "remove-school",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RemoveSchoolSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorSummary errors={summaryErrors(form, { urn: fields.urn })} title="The school was not taken out" />
      <input type="hidden" name="intent" value="remove-school" />
      <SelectField meta={fields.urn} label="School to take out" options={schools} />
      <Button variant="secondary">Take out of the evaluation</Button>
    </Form>
  );
}

function ExportForm({
  evaluationId,
  values,
  problem,
}: {
  evaluationId: string;
  values: { purpose: string; agreementRef: string };
  problem: string | null;
}) {
  const [form, fields] = usePathwaysForm({
    id: "export",
    defaultValue: values,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExportRequestSchema }),
  });
  return (
    // A plain post to the download (no client-side navigation), so the browser saves the zip.
    <Form method="post" action={`/evaluations/${evaluationId}/export`} reloadDocument {...getFormProps(form)}>
      <ErrorSummary
        errors={[
          ...(problem ? [{ message: problem }] : []),
          ...summaryErrors(form, { purpose: fields.purpose, agreementRef: fields.agreementRef }),
        ]}
        title="Nothing was exported"
      />
      <TextareaField
        meta={fields.purpose}
        label="What the export is for"
        hint="For example: the interim analysis of dose and uptake, as in section 4 of the evaluation plan."
        rows={2}
      />
      <TextField meta={fields.agreementRef} label="Data-sharing agreement reference" />
      <Button>Export pseudonymised data (zip)</Button>
    </Form>
  );
}

export default function EvaluationPage() {
  const { evaluation, isAdmin, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const locked = !!evaluation.lockedAt;
  const result = (intent: string) => (reply?.intent === intent ? reply.result : undefined);
  const schoolOptions = Object.fromEntries(evaluation.schools.map((s) => [String(s.urn), `${s.urn} ${s.school?.name ?? ""}`.trim()]));
  const armCount = (arm: string) => evaluation.schools.filter((s) => s.arm === arm).length;
  return (
    <div className="container page">
      <p>
        <Link to="/evaluations">Evaluations</Link>
      </p>
      <h1>{evaluation.name}</h1>
      {params.get("created") && !reply ? (
        <Alert tone="success" title="Evaluation set up.">
          <p>Add schools to the treatment and control arms, then lock the arms.</p>
        </Alert>
      ) : null}
      {reply?.ok ? (
        <div role="status" className="alert alert--success">
          {reply.message}
        </div>
      ) : null}
      <dl className="summary-list">
        <div>
          <dt>What it sets out to find</dt>
          <dd>{evaluation.question}</dd>
        </div>
        <div>
          <dt>Activity counted</dt>
          <dd>
            {formatDate(`${evaluation.startsOn}T12:00:00Z`)} to {formatDate(`${evaluation.endsOn}T12:00:00Z`)}
          </dd>
        </div>
        <div>
          <dt>Assignment</dt>
          <dd>
            {ASSIGNMENT_METHODS[evaluation.assignmentMethod as AssignmentMethod] ?? evaluation.assignmentMethod}
            {locked ? `; assigned on ${formatDate(`${evaluation.assignedOn}T12:00:00Z`)}, locked` : "; not locked yet"}
          </dd>
        </div>
        <div>
          <dt>Arms</dt>
          <dd>
            Treatment {armCount("treatment")}, control {armCount("control")}
            {evaluation.comparisonRegion
              ? `, comparison ${evaluation.comparisonCount} (the other open secondary schools of ${evaluation.comparisonRegion})`
              : ""}
          </dd>
        </div>
        <div>
          <dt>Treatment activities</dt>
          <dd>{evaluation.activities.length ? evaluation.activities.map((a) => a.label).join("; ") : "Any Pathways activity"}</dd>
        </div>
      </dl>

      <section aria-labelledby="arms-heading">
        <h2 id="arms-heading">Schools in the arms</h2>
        {evaluation.schools.length ? (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Schools in the arms</caption>
              <thead>
                <tr>
                  <th scope="col">URN</th>
                  <th scope="col">School</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Local authority</th>
                  <th scope="col">Arm</th>
                  <th scope="col">Withdrew</th>
                </tr>
              </thead>
              <tbody>
                {evaluation.schools.map((s) => (
                  <tr key={s.urn}>
                    <th scope="row">{s.urn}</th>
                    <td>{s.school?.name ?? "Not in the imported GIAS data"}</td>
                    <td>{s.school?.phase ?? ""}</td>
                    <td>{s.school?.laName ?? ""}</td>
                    <td>{ARMS[s.arm]}</td>
                    <td>{s.withdrawnOn ? formatDate(`${s.withdrawnOn}T12:00:00Z`, "short") : "No"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>No school is in an arm yet.</p>
        )}
      </section>

      {isAdmin ? (
        <section aria-labelledby="manage-heading">
          <h2 id="manage-heading">Manage the arms</h2>
          {!locked ? (
            <>
              <h3>Add schools</h3>
              <AddSchoolsForm lastResult={result("add-schools")} />
              {evaluation.schools.length ? (
                <>
                  <h3>Take a school out</h3>
                  <RemoveSchoolForm lastResult={result("remove-school")} schools={schoolOptions} />
                </>
              ) : null}
              <h3>Lock the arms</h3>
              <p>
                Once locked, schools cannot be added, moved or taken out, so the analysis compares the arms as they were assigned. Lock them
                when the assignment is final.
              </p>
              <LockForm lastResult={result("lock")} today={today} />
            </>
          ) : (
            <p>The arms are locked. A school that drops out is marked as withdrawn and stays in its arm (intention to treat).</p>
          )}
          {evaluation.schools.length ? (
            <>
              <h3>A school dropped out</h3>
              <WithdrawForm lastResult={result("withdraw")} schools={schoolOptions} today={today} />
            </>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="export-heading">
        <h2 id="export-heading">Pseudonymised export</h2>
        {locked ? (
          <>
            <p>
              A zip with one row per teacher of a school in an arm (a pseudonym, never a name or email address), one row per school with its
              dose, a data dictionary and a manifest. Pseudonyms are the same in every export of this evaluation and different in every
              other. Every export is logged below.
            </p>
            <ExportForm
              evaluationId={evaluation.id}
              values={{ purpose: params.get("purpose") ?? "", agreementRef: params.get("agreementRef") ?? "" }}
              problem={params.get("exportProblem")}
            />
          </>
        ) : (
          <p>Exports open once the arms are locked.</p>
        )}
        {evaluation.exports.length ? (
          <div className="table-scroll">
            <table>
              <caption>Export log</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">By</th>
                  <th scope="col">Purpose</th>
                  <th scope="col">Agreement</th>
                  <th scope="col">Rows</th>
                  <th scope="col">SHA-256 of the zip</th>
                </tr>
              </thead>
              <tbody>
                {evaluation.exports.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">{formatDate(e.createdAt, "short")}</th>
                    <td>{e.byName}</td>
                    <td>{e.purpose}</td>
                    <td>{e.agreementRef}</td>
                    <td className="numeric">{e.rows}</td>
                    <td>
                      <code>{e.sha256}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
