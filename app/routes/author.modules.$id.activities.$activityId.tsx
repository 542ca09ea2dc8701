import { getFormProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { ProblemList } from "~/components/authoring/problem-list.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextareaField, TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { requireRole } from "~/modules/auth/session.server.ts";
import {
  blankQuestion,
  mergeQuizSettings,
  quizSubmission,
  quizSubmissionOf,
  readActivityFields,
  readQuiz,
  type QuizValue,
} from "~/modules/authoring/draft-content.ts";
import { QuizEditor } from "~/components/authoring/quiz-editor.tsx";
import { describeProblem, problemsForFile, validateDraft } from "~/modules/authoring/draft-validation.server.ts";
import { requireDraft } from "~/modules/authoring/draft-access.server.ts";
import { saveActivity } from "~/modules/authoring/drafts.server.ts";
import { previewMarkdown } from "~/modules/authoring/preview.server.ts";
import { authorYamlLimitProblem } from "~/modules/catalog/author-yaml.ts";
import { redirectToModuleUrl } from "~/modules/authoring/route-helpers.server.ts";
import { ActivityFormSchema } from "~/modules/authoring/schemas.ts";
import { formErrorReply, invariantResponse, orErrorResponse } from "~/utils/errors.ts";
import authoringCss from "~/styles/authoring.css?url";
import { readForm } from "~/utils/http.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: authoringCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.fields.title || "Activity"} – ${data?.draft.title ?? "Module"} – Authoring – Pathways` },
];

const SETTINGS_HINTS: Record<string, string> = {
  reading: "A reading needs nothing else here.",
  quiz: "passMark (a percentage), optionally revealAnswers (after-passing, after-attempts with revealAfterAttempts, or after-any-attempt) and the questions: each has an id, a kind (single, multiple or short), a prompt, and options (or answers and feedback).",
  reflection: "prompt: the question learners answer in their journal.",
  code: "language, kind, starter, solution and tests (see courses/README.md).",
  blocks: "The blocks exercise fields (see courses/README.md).",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const draft = await orErrorResponse(requireDraft(user, params.id ?? ""));
  redirectToModuleUrl(request, params.id ?? "", draft.moduleId);
  const path = params.activityId ?? "";
  const file = draft.files.find((f) => f.path === path);
  invariantResponse(file, "This activity is not in the draft.");
  const fields = readActivityFields(file.text);
  const { problems } = await validateDraft(draft);
  const asYaml = new URL(request.url).searchParams.has("yaml");
  return {
    quiz: fields.type === "quiz" && !asYaml ? readQuiz(fields.settings) : null,
    draft: { id: draft.id, moduleId: draft.moduleId, title: draft.title, revision: draft.revision, status: draft.status },
    path,
    fields,
    problems: problemsForFile(draft.moduleId, problems, path).map(describeProblem),
    preview: await previewMarkdown(fields.body),
  };
}

type ActionResult = {
  result: SubmissionResult<string[]>;
  conflict?: boolean;
  preview?: { html: string; warnings: string[] };
  /** The question editor's values as submitted, so a refused save or a preview shows them again. */
  quiz?: QuizValue;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: ActivityFormSchema });
  if (submission.status !== "success") return data<ActionResult>({ result: submission.reply() }, { status: 400 });
  const { intent, revision, quizEditor, quiz: quizFields, ...rest } = submission.value;
  const draftId = params.id ?? "";
  const path = params.activityId ?? "";
  const draft = await orErrorResponse(requireDraft(user, draftId));
  const stored = readActivityFields(draft.files.find((f) => f.path === path)?.text ?? "");
  let quiz: QuizValue | undefined;
  if (quizEditor) {
    quiz = {
      passMark: quizFields?.passMark ?? "",
      revealAnswers: quizFields?.revealAnswers ?? "",
      revealAfterAttempts: quizFields?.revealAfterAttempts ?? "",
      questions: quizFields?.questions ?? [],
    };
    // What the browser did not send (a select with nothing selected, a field the page did not show) is kept as stored.
    const sent = quizSubmission(quiz, (name) => formData.has(name));
    if (intent === "add-question") {
      const blank = blankQuestion(quiz.questions);
      quiz.questions.push(blank);
      sent.questions.push(quizSubmissionOf({ ...quiz, questions: [blank] }).questions[0]!);
    }
    if (intent.startsWith("remove-question:")) {
      const index = Number(intent.slice("remove-question:".length));
      quiz.questions.splice(index, 1);
      sent.questions.splice(index, 1);
    }
    const merged = mergeQuizSettings(stored.settings, sent);
    if (!merged.ok) return data<ActionResult>({ result: submission.reply({ formErrors: [merged.message] }), quiz }, { status: 400 });
    rest.settings = merged.settings;
  }
  // YAML over the limits (size, alias expansion) is refused on the field before anything parses it for real.
  const yamlProblem = authorYamlLimitProblem(rest.settings);
  if (yamlProblem)
    return data<ActionResult>({ result: submission.reply({ fieldErrors: { settings: [yamlProblem] } }), quiz }, { status: 400 });
  if (intent === "preview") {
    // Without JavaScript: render the preview and give the form back exactly as typed; nothing is saved.
    return data<ActionResult>({ result: submission.reply(), preview: await previewMarkdown(rest.body), quiz });
  }
  try {
    await saveActivity(user, { draftId, revision, path, fields: { ...rest, type: stored.type } });
  } catch (error) {
    const { reply, status } = formErrorReply(error);
    return data<ActionResult>({ result: submission.reply({ formErrors: [reply.error] }), conflict: status === 409, quiz }, { status });
  }
  const anchor = intent === "add-question" && quiz ? `#question-${quiz.questions.length}` : "";
  throw redirect(`/author/modules/${draftId}/activities/${encodeURIComponent(path)}?saved=1${anchor}`);
}

/**
 * Live previews and refused saves (409) leave the page as it is: reloading the draft underneath the
 * form would replace what the author is typing. A move to another URL (a save's redirect) always
 * loads: a live preview that finishes while a save is under way must not keep the page on the old
 * revision under the new "Saved." address.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, actionStatus, formAction, defaultShouldRevalidate }) => {
  if (currentUrl.href !== nextUrl.href) return true;
  return formAction === "/author/preview" || actionStatus === 409 ? false : defaultShouldRevalidate;
};

/**
 * Each saved revision gets a fresh form (the key), so every input, the question editor's included,
 * starts from what was saved. The form's id stays the same: when Conform sees a new id it "resets"
 * the form in place, and its reset empties every <select> it does not manage (a select has no
 * defaultValue), which once turned a short-answer question into a single-choice one (issue 12).
 */
export default function EditActivity() {
  const { draft } = useLoaderData<typeof loader>();
  return <ActivityEditor key={draft.revision} />;
}

function ActivityEditor() {
  const { draft, path, fields: saved, problems, preview, quiz: savedQuiz } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const [form, fields] = usePathwaysForm({
    id: "activity",
    lastResult: actionData?.result,
    defaultValue: { ...saved, revision: String(draft.revision) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ActivityFormSchema }),
  });
  const editable = draft.status === "draft" || draft.status === "published";
  const base = `/author/modules/${draft.moduleId}`;

  // Live preview with JavaScript: the same pipeline, through the preview resource route.
  const fetcher = useFetcher<{ html: string; warnings: string[] }>();
  const [live, setLive] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const onBodyInput = (event: React.FormEvent<HTMLTextAreaElement>) => {
    const markdown = event.currentTarget.value;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setLive(true);
      fetcher.submit({ markdown }, { method: "post", action: "/author/preview" });
    }, 300);
  };
  const shown = (live ? fetcher.data : undefined) ?? actionData?.preview ?? preview;
  const bodyProps = getTextareaProps(fields.body);
  const formProps = getFormProps(form);
  const quiz = actionData?.quiz ?? savedQuiz;

  return (
    <div className="container page">
      <p>
        <Link to={base}>Back to {draft.title}</Link>
      </p>
      <h1>Edit activity: {saved.title || path}</h1>
      <p className="muted">
        File {path} · type {saved.type || "unknown"} · <Link to={`${base}/preview/${encodeURIComponent(path)}`}>Preview as a learner</Link>
      </p>
      {params.get("saved") && !actionData ? <Alert tone="success">Saved.</Alert> : null}
      {actionData?.conflict ? (
        <Alert tone="error" title="Not saved: this draft changed since you opened it">
          <p>
            Your text is still in the form below. Copy what you need, reload the page to see the latest version, then add your changes
            again.
          </p>
        </Alert>
      ) : null}
      <ProblemList title="Problems the course checker found in this activity" problems={problems} id="activity-problems" />
      <ErrorSummary
        errors={summaryErrors(form, { id: fields.id, title: fields.title, minutes: fields.minutes, settings: fields.settings })}
      />
      {/* A save cancels a live preview still waiting to be sent: the page is about to show the saved text. */}
      <Form
        method="post"
        {...formProps}
        noValidate
        onSubmit={(event) => {
          clearTimeout(timer.current);
          formProps.onSubmit(event);
        }}
      >
        <input type="hidden" name="revision" value={fields.revision.initialValue ?? String(draft.revision)} />
        <fieldset disabled={!editable} className="stack">
          <legend className="visually-hidden">Activity</legend>
          <div className="inline-fields">
            <TextField meta={fields.title} label="Title" />
            <TextField meta={fields.id} label="Activity id" hint="Stable: changing it starts learners' progress on it afresh." />
            <TextField meta={fields.minutes} label="Minutes" inputMode="numeric" />
          </div>
          {quiz ? null : (
            <TextareaField
              meta={fields.settings}
              label="Other settings (YAML)"
              hint={SETTINGS_HINTS[saved.type] ?? "The rest of the front matter, in YAML."}
              rows={saved.type === "quiz" || saved.type === "code" ? 14 : 3}
              spellCheck={false}
              className="code-field"
            />
          )}
          {saved.type === "quiz" ? (
            <p>{quiz ? <Link to="?yaml=1">Edit the questions as YAML instead</Link> : <Link to="?">Edit the questions one by one</Link>}</p>
          ) : null}
          <div className="author-editor">
            <div className="field">
              <label htmlFor={fields.body.id}>Text (Markdown)</label>
              <textarea {...bodyProps} key={bodyProps.key} rows={18} onInput={onBodyInput} aria-describedby="body-hint" />
              <span className="hint" id="body-hint">
                Headings with ##, lists with -, links as [text](https://…), callouts with &gt; [!TIP]. Raw HTML is removed.
              </span>
            </div>
            <section aria-labelledby="preview-heading" className="author-preview">
              <h2 id="preview-heading">Preview</h2>
              {shown.warnings.length ? (
                <ul className="muted">
                  {shown.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              ) : null}
              <div className="prose" dangerouslySetInnerHTML={{ __html: shown.html }} />
            </section>
          </div>
          <div className="button-row">
            <Button name="intent" value="save">
              Save activity
            </Button>
            <Button variant="secondary" name="intent" value="preview">
              Preview
            </Button>
          </div>
          {quiz ? <QuizEditor key={quiz.questions.length} value={quiz} disabled={!editable} /> : null}
        </fieldset>
      </Form>
    </div>
  );
}
