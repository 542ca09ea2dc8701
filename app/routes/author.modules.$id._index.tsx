import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams, Link, type ShouldRevalidateFunction } from "@remix-run/react";
import { ActivitiesPanel, CoAuthorsPanel, MediaPanel, ReviewsPanel, SectionsPanel } from "~/components/authoring/module-editor-panels.tsx";
import { detailsDefaults, ModuleDetailsFields } from "~/components/authoring/module-details-fields.tsx";
import { ProblemList } from "~/components/authoring/problem-list.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { requireRole } from "~/modules/auth/session.server.ts";
import { DRAFT_STATUS_LABELS } from "~/modules/authoring/draft-content.ts";
import { draftActivityMinutes, saveModuleDetails } from "~/modules/authoring/drafts.server.ts";
import { requireDraft } from "~/modules/authoring/draft-access.server.ts";
import { getDraftEditor, runModuleEditorCommand } from "~/modules/authoring/module-editor.server.ts";
import { redirectToModuleUrl } from "~/modules/authoring/route-helpers.server.ts";
import { maxCpdHours, ModuleEditorCommandSchema, moduleDetailsSchema, toModuleDetails } from "~/modules/authoring/schemas.ts";
import { formErrorReply, orErrorResponse, type FormErrorReply } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.draft.title ?? "Module"} – Authoring – Pathways` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const editor = await orErrorResponse(getDraftEditor(user, params.id ?? ""));
  redirectToModuleUrl(request, params.id ?? "", editor.draft.moduleId);
  return { ...editor, details: detailsDefaults(editor.details) };
}

type ActionResult = Partial<FormErrorReply> & { result?: SubmissionResult<string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const draftId = params.id ?? "";
  const form = await readForm(request);
  const here = `/author/modules/${draftId}`;
  try {
    if (form.get("intent") === "details") {
      // CPD hours are checked against this draft's activities (the same rule the form runs in the browser).
      const activityMinutes = draftActivityMinutes(await requireDraft(user, draftId));
      const submission = parseWithZod(form, { schema: moduleDetailsSchema({ activityMinutes }) });
      if (submission.status !== "success") return data<ActionResult>({ result: submission.reply() }, { status: 400 });
      try {
        await saveModuleDetails(user, { draftId, revision: submission.value.revision, details: toModuleDetails(submission.value) });
      } catch (error) {
        const { reply, status } = formErrorReply(error);
        return data<ActionResult>({ result: submission.reply({ formErrors: [reply.error] }) }, { status });
      }
      return redirect(`${here}?saved=details`);
    }
    const submission = parseWithZod(form, { schema: ModuleEditorCommandSchema });
    if (submission.status !== "success") {
      // A known form with a bad field says which; anything else was not sent by this page.
      const errors = submission.error ?? {};
      const message = errors.intent ? undefined : Object.values(errors).flat()[0];
      return data<ActionResult>({ error: message ?? "That action was not understood." }, { status: 400 });
    }
    return redirect(`${here}${await runModuleEditorCommand(user, draftId, submission.value)}`);
  } catch (error) {
    const { reply, status } = formErrorReply(error);
    return data<ActionResult>(reply, { status });
  }
}

const SAVED_MESSAGES: Record<string, string> = {
  details: "Module details saved.",
  removed: "Activity removed.",
  submitted: "Submitted for review. An administrator or another author will approve it or return it with comments.",
  withdrawn: "Withdrawn from review: you can edit it again.",
  sections: "Sections saved. New activities are added to the last section; move activities between sections with Move up and Move down.",
  "co-author": "Co-author added: they can now edit this module (but not review it).",
  "co-author-removed": "Co-author removed.",
  media:
    "Media file attached. Use its file name in a video activity (src and captions) or in Markdown, e.g. ![A description](media/diagram.png).",
  "media-removed": "Media file removed from this module (the upload itself is kept in your media).",
  archived: "Archived. If it was published, it is no longer in the catalogue; learners keep their progress.",
};

/** After a refused save (409) keep the page as it is, so the form keeps what the author typed. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? false : defaultShouldRevalidate;

/** A fresh page (and details form) for each saved revision: see EditActivity for why the form's id stays the same. */
export default function EditModule() {
  const { draft } = useLoaderData<typeof loader>();
  return <ModulePage key={draft.revision} />;
}

function ModulePage() {
  const {
    draft,
    details,
    activityMinutes,
    activities,
    unlisted,
    sections,
    moduleProblems,
    problemCount,
    reviews,
    coAuthors,
    canManage,
    media,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const saved = SAVED_MESSAGES[params.get("saved") ?? ""];
  const [form, fields] = usePathwaysForm({
    id: "details",
    lastResult: actionData?.result,
    defaultValue: { ...details, revision: String(draft.revision) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: moduleDetailsSchema({ activityMinutes }) }),
  });
  const editable = draft.status === "draft" || draft.status === "published";
  const base = `/author/modules/${draft.moduleId}`;
  return (
    <div className="container page">
      <p>
        <Link to="/author">Authoring</Link>
      </p>
      <h1>{draft.title}</h1>
      <dl className="facts">
        <dt>Module id</dt>
        <dd>{draft.moduleId}</dd>
        <dt>Status</dt>
        <dd>{DRAFT_STATUS_LABELS[draft.status]}</dd>
        <dt>Owner</dt>
        <dd>{draft.owner}</dd>
        <dt>Problems</dt>
        <dd>{problemCount === 0 ? "None: ready to submit" : `${problemCount} to fix before submitting`}</dd>
      </dl>
      {saved ? <Alert tone="success">{saved}</Alert> : null}
      {params.get("imported") ? <Alert tone="success">Imported as a new draft.</Alert> : null}
      {actionData?.error ? (
        <Alert tone="error" title={actionData.error}>
          {actionData.problems?.length ? (
            <ul>
              {actionData.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}

      <div className="button-row">
        {editable ? (
          <Form method="post">
            <input type="hidden" name="intent" value="submit" />
            <input type="hidden" name="revision" value={draft.revision} />
            <Button>Submit for review</Button>
          </Form>
        ) : null}
        {draft.status === "in_review" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <Button variant="secondary">Withdraw from review</Button>
          </Form>
        ) : null}
        <a href={`${base}/export.zip`} download>
          Export as zip
        </a>
        {draft.hasPublished ? (
          <a href={`${base}/export.zip?version=published`} download>
            Export the published version
          </a>
        ) : null}
      </div>

      <ActivitiesPanel base={base} revision={draft.revision} editable={editable} activities={activities} unlisted={unlisted} />
      {editable ? <SectionsPanel revision={draft.revision} sections={sections} /> : null}
      <MediaPanel revision={draft.revision} editable={editable} media={media} />

      <h2 id="details-heading">Module details</h2>
      <ProblemList title="Problems in module.yaml" problems={moduleProblems} />
      <ErrorSummary
        errors={summaryErrors(form, {
          title: fields.title,
          summary: fields.summary,
          description: fields.description,
          outcomes: fields.outcomes,
          audience: fields.audience,
          keyStages: fields.keyStages,
          topics: fields.topics,
          cpdHours: fields.cpdHours,
          prerequisites: fields.prerequisites,
          availableFrom: fields.availableFrom,
          availableUntil: fields.availableUntil,
          versionNotes: fields.versionNotes,
        })}
      />
      <Form method="post" {...getFormProps(form)} noValidate aria-labelledby="details-heading">
        <input type="hidden" name="intent" value="details" />
        <input type="hidden" name="revision" value={fields.revision.initialValue ?? String(draft.revision)} />
        <fieldset disabled={!editable} className="stack">
          <legend className="visually-hidden">Module details</legend>
          <ModuleDetailsFields fields={fields} maxCpdHours={maxCpdHours(activityMinutes)} />
          <Button>Save details</Button>
        </fieldset>
      </Form>

      <ReviewsPanel reviews={reviews} />
      <CoAuthorsPanel owner={draft.owner} canManage={canManage} coAuthors={coAuthors} />

      {draft.status !== "archived" ? (
        <>
          <h2>Archive</h2>
          <p>Archiving withdraws a published module from the catalogue. Learners keep their progress and certificates.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="archive" />
            <Button variant="danger">Archive this module</Button>
          </Form>
        </>
      ) : null}
    </div>
  );
}
