import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { activityTypeLabel } from "~/modules/catalog/labels.ts";
import { QuizForm, QuizResultView } from "~/components/lesson/quiz-view.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { draftActivities } from "~/modules/authoring/drafts.server.ts";
import { requireDraftToRead } from "~/modules/authoring/draft-access.server.ts";
import { previewDraftActivity } from "~/modules/authoring/preview.server.ts";
import { redirectToModuleUrl } from "~/modules/authoring/route-helpers.server.ts";
import { orErrorResponse } from "~/utils/errors.ts";
import { learnerQuizResult, type QuizAnswers } from "~/modules/progress/quiz.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Preview: ${data?.activity.title ?? "activity"} – Pathways` }];

async function load(request: Request, params: { id?: string; activityId?: string }) {
  const user = await requireRole(request, "author", "admin");
  const draft = await orErrorResponse(requireDraftToRead(user, params.id ?? ""));
  if (request.method === "GET") redirectToModuleUrl(request, params.id ?? "", draft.moduleId);
  const path = params.activityId ?? "";
  return { draft, path, preview: await previewDraftActivity(draft, path) };
}

/** The activity as a learner would see it in the player. Nothing is recorded: this is not a course anyone is enrolled on. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { draft, path, preview } = await load(request, params);
  const { activities } = draftActivities(draft);
  const index = activities.findIndex((a) => a.path === path);
  const { storedQuiz: _answers, ...activity } = preview.ok ? preview : { ...preview, storedQuiz: undefined };
  return {
    draft: { id: draft.id, moduleId: draft.moduleId, title: draft.title },
    path,
    activity,
    outline: activities.map((a) => ({ path: a.path, title: a.title, sectionTitle: a.sectionTitle })),
    previous: index > 0 ? activities[index - 1]!.path : null,
    next: index >= 0 && index < activities.length - 1 ? activities[index + 1]!.path : null,
    clientId: "preview-only",
  };
}

/**
 * A quiz attempt in preview: graded with the learner's rules and shown as a learner's first attempt
 * would be (the right answers only if the quiz's reveal rule allows it then), never stored.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { preview } = await load(request, params);
  if (!preview.ok || !preview.storedQuiz) return data({ error: "Only quizzes can be tried in preview." }, { status: 400 });
  const form = await readForm(request);
  const answers: QuizAnswers = {};
  for (const [key, value] of form.entries())
    if (key.startsWith("answer.") && typeof value === "string") (answers[key.slice(7)] ??= []).push(value);
  return { result: learnerQuizResult(preview.storedQuiz, answers, { attempts: 1, passed: false }), answers };
}

export default function PreviewActivity() {
  const { draft, path, activity, outline, previous, next, clientId } = useLoaderData<typeof loader>();
  const attempt = useActionData<typeof action>();
  const base = `/author/modules/${draft.moduleId}`;
  const href = (path: string) => `${base}/preview/${encodeURIComponent(path)}`;
  return (
    <div className="container page lesson-layout">
      <aside className="lesson-sidebar">
        <p className="lesson-module-title">
          <Link to={base}>{draft.title}</Link>
        </p>
        <nav aria-label="Module outline (preview)" className="lesson-outline">
          <ol>
            {outline.map((a) => (
              <li key={a.path}>
                <Link to={href(a.path)} aria-current={a.path === path ? "page" : undefined}>
                  {a.title}
                </Link>
              </li>
            ))}
          </ol>
        </nav>
      </aside>
      <article className="lesson-main" aria-labelledby="activity-title">
        <Alert tone="warning" title="Preview">
          <p>This is how learners will see this activity. Nothing you do here is recorded.</p>
        </Alert>
        {activity.ok ? (
          <>
            <p className="muted">
              {activity.sectionTitle} · {activityTypeLabel(activity.type)} · about {activity.minutes} minute
              {activity.minutes === 1 ? "" : "s"}
            </p>
            <h1 id="activity-title">{activity.title}</h1>
            {activity.video ? (
              <>
                {/* Served from /media exactly as published media are. */}
                <video controls preload="metadata" src={activity.video.src} className="lesson-video">
                  <track kind="captions" src={activity.video.captions} srcLang="en" label="English" default />
                </video>
                <h2>Transcript</h2>
              </>
            ) : null}
            <div className="prose" dangerouslySetInnerHTML={{ __html: activity.html }} />
            {activity.type === "reading" ? (
              <p>
                <Button type="button" disabled>
                  Mark as complete
                </Button>{" "}
                <span className="muted">(learners see this button)</span>
              </p>
            ) : null}
            {activity.quiz ? (
              attempt && "result" in attempt ? (
                <QuizResultView
                  questions={activity.quiz.questions}
                  result={attempt.result}
                  answers={attempt.answers}
                  retryHref={href(path)}
                />
              ) : (
                <>
                  <p className="muted">Pass mark: {activity.quiz.passMark}%.</p>
                  <QuizForm questions={activity.quiz.questions} clientId={clientId} pending={false} />
                </>
              )
            ) : null}
            {activity.prompt ? (
              <section aria-labelledby="reflection-prompt">
                <h2 id="reflection-prompt">{activity.prompt}</h2>
                <p className="muted">Learners write their reflection here; it is private to them.</p>
              </section>
            ) : null}
            {activity.warnings.length ? (
              <Alert tone="info" title="Notes for the author">
                <ul>
                  {activity.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              </Alert>
            ) : null}
          </>
        ) : (
          <>
            <h1 id="activity-title">{activity.title}</h1>
            <Alert tone="error">{activity.message}</Alert>
          </>
        )}
        <nav aria-label="Previous and next activity" className="lesson-pager">
          {previous ? (
            <Link to={href(previous)} rel="prev">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          {next ? (
            <Link to={href(next)} rel="next">
              Next →
            </Link>
          ) : (
            <Link to={base}>Back to editing</Link>
          )}
        </nav>
      </article>
    </div>
  );
}
