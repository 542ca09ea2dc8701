import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { detailsDefaults, ModuleDetailsFields } from "~/components/authoring/module-details-fields.tsx";
import { ProblemList } from "~/components/authoring/problem-list.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { requireRole } from "~/modules/auth/session.server.ts";
import { ADDABLE_TYPES, DRAFT_STATUS_LABELS, readModuleDetails, readSections } from "~/modules/authoring/draft-content.ts";
import {
  changeSections,
  addActivity,
  addCoAuthor,
  attachMedia,
  detachMedia,
  listCoAuthors,
  removeCoAuthor,
  archiveDraft,
  describeProblem,
  draftActivities,
  draftActivityMinutes,
  listReviews,
  moveActivityInDraft,
  removeActivityFromDraft,
  requireDraft,
  saveModuleDetails,
  submitDraft,
  validateDraft,
  withdrawDraft,
} from "~/modules/authoring/drafts.server.ts";
import { getDraftMediaPanel } from "~/modules/authoring/draft-media.server.ts";
import { orErrorResponse, redirectToModuleUrl } from "~/modules/authoring/route-helpers.server.ts";
import { AddActivitySchema, maxCpdHours, moduleDetailsSchema, toModuleDetails } from "~/modules/authoring/schemas.ts";
import { AppError } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.draft.title ?? "Module"} – Authoring – Pathways` }];

const TYPE_NAMES: Record<string, string> = {
  reading: "Reading",
  quiz: "Quiz",
  reflection: "Reflection",
  code: "Code exercise",
  blocks: "Blocks exercise",
  video: "Video",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const draft = await orErrorResponse(requireDraft(user, params.id ?? ""));
  redirectToModuleUrl(request, params.id ?? "", draft.moduleId);
  const [{ problems }, reviews, coAuthors, media] = await Promise.all([
    validateDraft(draft),
    listReviews(user, draft.id),
    listCoAuthors(user, draft.id),
    getDraftMediaPanel(draft),
  ]);
  const moduleFile = `${draft.moduleId}/module.yaml`;
  const { activities, unlisted } = draftActivities(draft);
  return {
    draft: {
      id: draft.id,
      moduleId: draft.moduleId,
      title: draft.title,
      status: draft.status,
      revision: draft.revision,
      owner: draft.owner.name,
      hasPublished: draft.publishedYaml !== null,
    },
    details: detailsDefaults(readModuleDetails(draft.moduleYaml)),
    activityMinutes: draftActivityMinutes(draft),
    activities: activities.map((a) => ({
      ...a,
      typeName: TYPE_NAMES[a.type] ?? a.type,
      problemCount: problems.filter((p) => p.file === `${draft.moduleId}/${a.path}`).length,
    })),
    unlisted,
    sections: readSections(draft.moduleYaml),
    moduleProblems: problems.filter((p) => p.file === moduleFile).map(describeProblem),
    problemCount: problems.length,
    reviews,
    coAuthors: coAuthors.map((u) => ({ id: u.id, name: u.name, email: u.email })),
    canManage: draft.ownerId === user.id || user.roles.includes("admin"),
    media,
  };
}

type ActionResult = { result?: SubmissionResult<string[]>; error?: string; problems?: string[] };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const draftId = params.id ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const revision = Number(form.get("revision"));
  const path = String(form.get("path") ?? "");
  const here = `/author/modules/${draftId}`;
  try {
    switch (intent) {
      case "details": {
        // CPD hours are checked against this draft's activities (the same rule the form runs in the browser).
        const activityMinutes = draftActivityMinutes(await requireDraft(user, draftId));
        const submission = parseWithZod(form, { schema: moduleDetailsSchema({ activityMinutes }) });
        if (submission.status !== "success") return data<ActionResult>({ result: submission.reply() }, { status: 400 });
        try {
          await saveModuleDetails(user, { draftId, revision: submission.value.revision, details: toModuleDetails(submission.value) });
        } catch (error) {
          if (error instanceof AppError && error.status === 409) {
            return data<ActionResult>({ result: submission.reply({ formErrors: [error.message] }) }, { status: 409 });
          }
          throw error;
        }
        throw redirect(`${here}?saved=details`);
      }
      case "add-activity": {
        const submission = parseWithZod(form, { schema: AddActivitySchema });
        if (submission.status !== "success")
          return data<ActionResult>({ error: "Choose a type and give the activity a title." }, { status: 400 });
        const added = await addActivity(user, {
          draftId,
          revision: submission.value.revision,
          type: submission.value.type,
          title: submission.value.title,
        });
        throw redirect(`${here}/activities/${encodeURIComponent(added.path)}`);
      }
      case "move-up":
      case "move-down":
        await moveActivityInDraft(user, { draftId, revision, path, direction: intent === "move-up" ? "up" : "down" });
        throw redirect(`${here}#activities`);
      case "remove":
        await removeActivityFromDraft(user, { draftId, revision, path });
        throw redirect(`${here}?saved=removed#activities`);
      case "submit": {
        const result = await submitDraft(user, { draftId, revision });
        if (!result.ok)
          return data<ActionResult>(
            { error: result.message, problems: result.problems.map((p) => `${p.file}: ${describeProblem(p)}`) },
            { status: 400 },
          );
        throw redirect(`${here}?saved=submitted`);
      }
      case "attach-media": {
        const attached = await attachMedia(user, {
          draftId,
          revision,
          path: String(form.get("mediaPath") ?? "").slice(0, 200),
          assetId: String(form.get("assetId") ?? ""),
        });
        if (!attached.ok) return data<ActionResult>({ error: attached.message }, { status: 400 });
        throw redirect(`${here}?saved=media#media`);
      }
      case "detach-media":
        await detachMedia(user, { draftId, revision, path });
        throw redirect(`${here}?saved=media-removed#media`);
      case "add-co-author": {
        const added = await addCoAuthor(user, { draftId, email: String(form.get("email") ?? "").slice(0, 200) });
        if (!added.ok) return data<ActionResult>({ error: added.message }, { status: 400 });
        throw redirect(`${here}?saved=co-author#co-authors`);
      }
      case "remove-co-author":
        await removeCoAuthor(user, { draftId, userId: String(form.get("userId") ?? "") });
        throw redirect(`${here}?saved=co-author-removed#co-authors`);
      case "add-section":
      case "rename-section":
      case "remove-section": {
        const title = String(form.get("title") ?? "")
          .trim()
          .slice(0, 200);
        const index = Number(form.get("index"));
        if (intent !== "remove-section" && !title) return data<ActionResult>({ error: "Give the section a title." }, { status: 400 });
        const change =
          intent === "add-section"
            ? ({ kind: "add", title } as const)
            : intent === "rename-section"
              ? ({ kind: "rename", index, title } as const)
              : ({ kind: "remove", index } as const);
        await changeSections(user, { draftId, revision, change });
        throw redirect(`${here}?saved=sections#sections`);
      }
      case "withdraw":
        await withdrawDraft(user, { draftId });
        throw redirect(`${here}?saved=withdrawn`);
      case "archive":
        await archiveDraft(user, { draftId });
        throw redirect(`${here}?saved=archived`);
      default:
        return data<ActionResult>({ error: "That action was not understood." }, { status: 400 });
    }
  } catch (error) {
    if (error instanceof AppError && (error.status === 409 || error.status === 400)) {
      return data<ActionResult>({ error: error.message }, { status: error.status });
    }
    if (error instanceof AppError) throw error.toResponse();
    throw error;
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

      <h2 id="activities">Activities</h2>
      {activities.length === 0 ? <p>No activities yet: add the first one below.</p> : null}
      <ol className="stack">
        {activities.map((a, i) => (
          <li key={a.path}>
            <Link to={`${base}/activities/${encodeURIComponent(a.path)}`}>{a.title}</Link>{" "}
            <span className="muted">
              ({a.typeName || "unknown type"}, {a.sectionTitle}
              {a.problemCount ? `, ${a.problemCount} problem${a.problemCount === 1 ? "" : "s"}` : ""})
            </span>{" "}
            <Link to={`${base}/preview/${encodeURIComponent(a.path)}`}>
              Preview<span className="visually-hidden"> {a.title}</span>
            </Link>
            {editable ? (
              <Form method="post" className="button-row">
                <input type="hidden" name="revision" value={draft.revision} />
                <input type="hidden" name="path" value={a.path} />
                <Button variant="secondary" className="button--small" name="intent" value="move-up" disabled={i === 0}>
                  Move up<span className="visually-hidden"> {a.title}</span>
                </Button>
                <Button
                  variant="secondary"
                  className="button--small"
                  name="intent"
                  value="move-down"
                  disabled={i === activities.length - 1}
                >
                  Move down<span className="visually-hidden"> {a.title}</span>
                </Button>
                <Button variant="link" name="intent" value="remove">
                  Remove<span className="visually-hidden"> {a.title}</span>
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
      {unlisted.length ? <p className="muted">Other files kept with the module: {unlisted.join(", ")}.</p> : null}

      {editable ? (
        <Form method="post" aria-labelledby="add-heading" className="stack">
          <h3 id="add-heading">Add an activity</h3>
          <input type="hidden" name="intent" value="add-activity" />
          <input type="hidden" name="revision" value={draft.revision} />
          <div className="inline-fields">
            <div className="field">
              <label htmlFor="new-type">Type</label>
              <select id="new-type" name="type" defaultValue="reading">
                {ADDABLE_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {TYPE_NAMES[t] ?? t}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="new-title">Title</label>
              <input id="new-title" name="title" type="text" required maxLength={120} />
            </div>
          </div>
          <Button variant="secondary">Add activity</Button>
        </Form>
      ) : null}

      {editable ? (
        <section aria-labelledby="sections">
          <h3 id="sections">Sections</h3>
          <ol className="stack">
            {sections.map((section, i) => (
              <li key={i}>
                <Form method="post" className="inline-fields">
                  <input type="hidden" name="revision" value={draft.revision} />
                  <input type="hidden" name="index" value={i} />
                  <div className="field">
                    <label htmlFor={`section-${i}`}>Section {i + 1} title</label>
                    <input id={`section-${i}`} name="title" type="text" defaultValue={section.title} maxLength={200} />
                  </div>
                  <Button variant="secondary" className="button--small" name="intent" value="rename-section">
                    Rename<span className="visually-hidden"> section {i + 1}</span>
                  </Button>
                  {section.count === 0 ? (
                    <Button variant="link" name="intent" value="remove-section">
                      Remove<span className="visually-hidden"> section {i + 1}</span>
                    </Button>
                  ) : null}
                </Form>
              </li>
            ))}
          </ol>
          <Form method="post" className="inline-fields">
            <input type="hidden" name="revision" value={draft.revision} />
            <input type="hidden" name="intent" value="add-section" />
            <div className="field">
              <label htmlFor="new-section">New section title</label>
              <input id="new-section" name="title" type="text" maxLength={200} required />
            </div>
            <Button variant="secondary">Add a section</Button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="media">
        <h2 id="media">Media files</h2>
        <p>
          Videos, captions and images you (or a co-author) uploaded at <Link to="/author/media">your media</Link> become files of this
          module under a name such as media/intro.mp4. A video activity names its video in <code>src</code> and its WebVTT captions in{" "}
          <code>captions</code>.
        </p>
        {media.attached.length === 0 ? <p>No media files yet.</p> : null}
        <ul className="stack">
          {media.attached.map((m) => (
            <li key={m.path}>
              <code>{m.path}</code>{" "}
              {m.originalName ? (
                <span className="muted">
                  ({m.kind}, uploaded as {m.originalName})
                </span>
              ) : (
                <span className="muted">(this upload was deleted: attach another file)</span>
              )}
              {editable ? (
                <Form method="post" className="button-row">
                  <input type="hidden" name="intent" value="detach-media" />
                  <input type="hidden" name="revision" value={draft.revision} />
                  <input type="hidden" name="path" value={m.path} />
                  <Button variant="link">
                    Remove<span className="visually-hidden"> {m.path}</span>
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {editable && media.attachable.length ? (
          <Form method="post" className="stack" aria-labelledby="attach-heading">
            <h3 id="attach-heading">Attach an upload</h3>
            <input type="hidden" name="intent" value="attach-media" />
            <input type="hidden" name="revision" value={draft.revision} />
            <div className="inline-fields">
              <div className="field">
                <label htmlFor="attach-asset">Upload</label>
                <select id="attach-asset" name="assetId" required>
                  {media.attachable.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.originalName} ({a.kind}, {a.ownerName}) → {a.suggestedPath}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="attach-path">File name in the module</label>
                <input
                  id="attach-path"
                  name="mediaPath"
                  type="text"
                  maxLength={200}
                  placeholder="media/intro.mp4"
                  aria-describedby="attach-path-hint"
                />
                <p className="hint" id="attach-path-hint">
                  Leave empty to use the name shown after the arrow.
                </p>
              </div>
            </div>
            <Button variant="secondary">Attach</Button>
          </Form>
        ) : null}
        {editable && media.attachable.length === 0 ? (
          <p>
            <Link to="/author/media">Upload a video, captions or an image</Link> to attach it here.
          </p>
        ) : null}
      </section>

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

      {reviews.length ? (
        <>
          <h2>Reviews</h2>
          <ul className="stack">
            {reviews.map((r) => (
              <li key={r.id}>
                {r.decision === "approved"
                  ? `Approved by ${r.reviewer?.name ?? "a reviewer"}${r.versionNumber ? ` (published as version ${r.versionNumber})` : ""}`
                  : r.decision === "returned"
                    ? `Returned by ${r.reviewer?.name ?? "a reviewer"}`
                    : "Waiting for review"}
                {r.comments ? <blockquote>{r.comments}</blockquote> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 id="co-authors">Co-authors</h2>
      {coAuthors.length === 0 ? <p>Only {draft.owner} edits this module.</p> : null}
      <ul className="stack">
        {coAuthors.map((u) => (
          <li key={u.id}>
            {u.name} ({u.email})
            {canManage ? (
              <Form method="post" className="button-row">
                <input type="hidden" name="intent" value="remove-co-author" />
                <input type="hidden" name="userId" value={u.id} />
                <Button variant="link">
                  Remove<span className="visually-hidden"> {u.name} as co-author</span>
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <Form method="post" className="stack" aria-labelledby="co-authors">
          <input type="hidden" name="intent" value="add-co-author" />
          <div className="field">
            <label htmlFor="co-author-email">Email address of a course author</label>
            <input id="co-author-email" name="email" type="email" autoComplete="off" required />
          </div>
          <Button variant="secondary">Add co-author</Button>
        </Form>
      ) : null}

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
