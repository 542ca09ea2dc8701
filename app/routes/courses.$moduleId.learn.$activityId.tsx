import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigate, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { LazyBlockExercise } from "~/components/blocks/lazy-block-exercise.tsx";
import { CodeExercise } from "~/components/exercises/code-exercise.tsx";
import { RatingForm } from "~/components/feedback/rating-form.tsx";
import { LessonOutline } from "~/components/lesson/lesson-outline.tsx";
import { activityTypeLabel } from "~/modules/catalog/labels.ts";
import { getProgressQueue, type QueuedWrite } from "~/components/lesson/progress-queue.ts";
import { QuizForm, QuizResultView } from "~/components/lesson/quiz-view.tsx";
import { RefusedWrites, SaveStatus } from "~/components/lesson/save-status.tsx";
import { useProgressQueue } from "~/components/lesson/use-progress.ts";
import { ConfirmEmailNotice } from "~/components/account/confirm-email-notice.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ProgressBar } from "~/components/ui/progress-bar.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { findCertificateForModule } from "~/modules/certificates/certificates.server.ts";
import { COMPLETION_HELD_MESSAGE, completionRejectedMessage } from "~/modules/certificates/completion-checks.ts";
import { getCompletionCheck } from "~/modules/certificates/completion-checks.server.ts";
import { getOwnRating } from "~/modules/feedback/ratings.server.ts";
import { getLessonForLearner } from "~/modules/progress/lesson.server.ts";
import { progressWriteFromForm } from "~/modules/progress/progress-write.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { REFLECTION_MAX_LENGTH } from "~/modules/progress/progress.ts";
import { unansweredMessage, unansweredQuestions } from "~/modules/progress/quiz.ts";
import { AppError } from "~/utils/errors.ts";
import { invariantResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.activity ? `${data.activity.title} – ${data.moduleTitle} – Pathways` : "Lesson – Pathways" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const moduleId = params.moduleId ?? "";
  const lesson = await getLessonForLearner({ userId: user.id, moduleId, activityId: params.activityId ?? "" });
  if (!lesson) throw redirect(`/courses/${encodeURIComponent(moduleId)}`); // not enrolled: the module page offers enrolment
  invariantResponse(lesson.activity, "This activity is not part of the module any more", 404);
  const certificate = lesson.summary.complete ? await findCertificateForModule({ userId: user.id, moduleId }) : null;
  // A certificate held for a check (ADR 0024): the learner is told it is awaited, or why it was refused.
  const check = lesson.summary.complete && !certificate ? await getCompletionCheck({ userId: user.id, moduleId }) : null;
  const rating = lesson.moduleCompletedAt ? await getOwnRating(user.id, moduleId) : null;
  // A fresh id for each form as rendered: a browser's resubmission of the same post is a replay.
  // learnerId: the browser's queue stamps each write with the account and sends only that account's writes.
  return {
    ...lesson,
    certificate,
    check,
    rating,
    emailConfirmed: user.emailConfirmed,
    email: user.email,
    clientId: newServerClientId(),
    learnerId: user.id,
  };
}

function newServerClientId() {
  return crypto.randomUUID();
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const moduleId = params.moduleId ?? "";
  const activityId = params.activityId ?? "";
  const { write, clientId } = progressWriteFromForm(await readForm(request));
  if (!clientId.success) return data({ error: "This form has expired. Reload the page and try again." }, { status: 400 });
  if (!write.success) return data({ error: write.error.issues[0]?.message ?? "That could not be saved." }, { status: 400 });
  let moduleJustCompleted = false;
  try {
    ({ moduleJustCompleted } = await recordProgress({ userId: user.id, moduleId, activityId, clientId: clientId.data, write: write.data }));
  } catch (error) {
    if (error instanceof AppError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
  // "Mark as complete" on the last required activity: on to the completion page (hours, certificate,
  // rating). A quiz, exercise or reflection stays to show its result; its page links there.
  if (moduleJustCompleted && write.data.intent === "complete") throw redirect(`/courses/${encodeURIComponent(moduleId)}/complete`);
  const url = new URL(request.url);
  throw redirect(`${url.pathname}${write.data.intent === "quiz" ? "#quiz-result" : ""}`);
}

const draftKey = (moduleId: string, activityId: string) => `pathways.reflection-draft.${moduleId}.${activityId}`;

export default function Lesson() {
  const lesson = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const activity = lesson.activity;
  const [optimisticDone, setOptimisticDone] = useState(false);
  const [pendingQuiz, setPendingQuiz] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const { state, hydrated } = useProgressQueue(lesson.learnerId, (writes: QueuedWrite[]) => {
    if (writes.some((w) => w.intent === "quiz" && w.activityId === activity.activityId)) {
      setPendingQuiz(false);
      navigate(`${location.pathname}#quiz-result`, { replace: true });
    }
    for (const w of writes) if (w.intent === "reflection") localStorage.removeItem(draftKey(w.moduleId, w.activityId));
  });

  // Tell the server where the learner is (for "Continue"), through the same queue as everything else.
  useEffect(() => {
    getProgressQueue().enqueue({ moduleId: lesson.moduleId, activityId: activity.activityId, intent: "visit" });
    setOptimisticDone(false);
    setPendingQuiz(false);
  }, [lesson.moduleId, activity.activityId]);

  // A write the server refused undoes what the page showed in advance (the refusal itself is listed).
  const refusedHere = (intent: QueuedWrite["intent"]) =>
    state.refused.some(
      (r) => r.write.intent === intent && r.write.activityId === activity.activityId && r.write.moduleId === lesson.moduleId,
    );
  const refusedComplete = refusedHere("complete");
  const refusedQuiz = refusedHere("quiz");
  useEffect(() => {
    if (refusedQuiz) setPendingQuiz(false);
  }, [refusedQuiz]);
  const titles = new Map(lesson.sections.flatMap((s) => s.activities.map((a) => [a.activityId, a.title] as const)));
  const signInHref = `/sign-in?redirectTo=${encodeURIComponent(`${location.pathname}${location.search}`)}`;

  // With JavaScript, progress goes through the queue: when "Mark as complete" on this page completes
  // the module (its completion shows up in the revalidated lesson), move on to the completion page,
  // as the plain form's redirect does. Quizzes, exercises and reflections stay to show their result.
  const moduleWasComplete = useRef(!!lesson.moduleCompletedAt);
  const marksComplete = activity.kind === "reading" || activity.kind === "video";
  useEffect(() => {
    if (!moduleWasComplete.current && lesson.moduleCompletedAt && lesson.completed && marksComplete) {
      navigate(`/courses/${lesson.moduleId}/complete`);
    }
    moduleWasComplete.current = !!lesson.moduleCompletedAt;
  }, [lesson.moduleCompletedAt, lesson.completed, lesson.moduleId, marksComplete, navigate]);

  const retry = new URLSearchParams(location.search).has("retry");
  const completed = lesson.completed || (optimisticDone && !refusedComplete);
  const enqueueFromForm = (intent: QueuedWrite["intent"]) => (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const answers: Record<string, string[]> = {};
    for (const [key, value] of form.entries())
      if (key.startsWith("answer.") && typeof value === "string") (answers[key.slice(7)] ??= []).push(value);
    if (intent === "quiz" && activity.kind === "quiz") {
      const missing = unansweredQuestions(activity.quiz.questions, answers);
      setFormError(missing.length ? unansweredMessage(missing) : null);
      if (missing.length) return;
    }
    if (intent === "reflection" && !String(form.get("text") ?? "").trim()) {
      setFormError("Write something before saving.");
      return;
    }
    setFormError(null);
    getProgressQueue().enqueue({
      moduleId: lesson.moduleId,
      activityId: activity.activityId,
      intent,
      answers: intent === "quiz" ? answers : undefined,
      text: intent === "reflection" ? String(form.get("text") ?? "") : undefined,
    });
    if (intent === "complete") setOptimisticDone(true);
    if (intent === "quiz") setPendingQuiz(true);
  };

  return (
    <div className="container page lesson-layout">
      <aside className="lesson-sidebar">
        <p className="lesson-module-title">
          <Link to={`/courses/${lesson.moduleId}`}>{lesson.moduleTitle}</Link>
        </p>
        <ProgressBar value={lesson.summary.percent} label="Module progress" />
        {/* A disclosure at the top on phones; always open beside the lesson on wide screens (app.css). */}
        <details className="outline-disclosure">
          <summary>Module outline</summary>
          <LessonOutline moduleId={lesson.moduleId} sections={lesson.sections} currentId={activity.activityId} />
        </details>
      </aside>
      <article className="lesson-main" aria-labelledby="activity-title">
        <p className="muted">
          {activity.sectionTitle} · {activityTypeLabel(activity.type)} · about {activity.minutes} minute
          {activity.minutes === 1 ? "" : "s"}
        </p>
        <h1 id="activity-title">{activity.title}</h1>
        {hydrated ? <SaveStatus state={state} signInHref={signInHref} /> : null}
        {hydrated ? (
          <RefusedWrites
            refused={state.refused}
            titleOf={(id) => titles.get(id) ?? id}
            onRetry={(id) => getProgressQueue().retryRefused(id)}
            onDismiss={(id) => getProgressQueue().dismissRefused(id)}
          />
        ) : null}
        {formError || actionData?.error ? <Alert tone="error">{formError ?? actionData?.error}</Alert> : null}
        {lesson.moduleCompletedAt ? (
          <Alert tone="success" title="You have completed this module.">
            <p>Everything you do from here is still saved.</p>
            {lesson.certificate ? (
              <p>
                <Link to={`/certificates/${lesson.certificate.id}`}>View your certificate</Link>
              </p>
            ) : lesson.check?.status === "held" ? (
              <p>{COMPLETION_HELD_MESSAGE}</p>
            ) : lesson.check?.status === "rejected" ? (
              <p>{completionRejectedMessage(lesson.check.reason ?? "")}</p>
            ) : lesson.summary.complete && !lesson.emailConfirmed ? (
              <ConfirmEmailNotice email={lesson.email} />
            ) : lesson.summary.complete ? (
              <p>
                <Link to={`/courses/${lesson.moduleId}/complete`}>Get your certificate and see your CPD hours</Link>
              </p>
            ) : null}
            {lesson.next ? (
              <p>
                <Link to={`/courses/${lesson.moduleId}/rate`}>
                  {lesson.rating ? `Change your rating (${lesson.rating.score} out of 6)` : "Rate this module"}
                </Link>
              </p>
            ) : null}
          </Alert>
        ) : null}

        {activity.kind === "unavailable" ? (
          <Alert tone="error">This activity cannot be shown at the moment. Your progress is kept: try again later.</Alert>
        ) : null}
        {activity.kind === "video" ? (
          <video controls preload="metadata" src={activity.video.src} className="lesson-video">
            <track kind="captions" src={activity.video.captions} srcLang="en" label="English" default />
          </video>
        ) : null}
        {activity.kind === "video" ? <h2>Transcript</h2> : null}
        <div className="prose" dangerouslySetInnerHTML={{ __html: activity.html }} />

        {activity.kind === "reading" || activity.kind === "video" ? (
          completed ? (
            <p className="completed-note" role="status">
              <span aria-hidden="true">✓ </span>You have completed this activity.
            </p>
          ) : (
            <Form method="post" onSubmit={hydrated ? enqueueFromForm("complete") : undefined}>
              <input type="hidden" name="intent" value="complete" />
              <input type="hidden" name="clientId" value={lesson.clientId} />
              <Button>Mark as complete</Button>
            </Form>
          )
        ) : null}

        {activity.kind === "quiz" && "attempts" in lesson ? (
          <>
            {lesson.attempts.count > 0 ? (
              <p className="muted">
                Attempts: {lesson.attempts.count}. Best score: {lesson.attempts.best}%. Pass mark: {activity.quiz.passMark}%.
              </p>
            ) : (
              <p className="muted">Pass mark: {activity.quiz.passMark}%. You can try as many times as you like.</p>
            )}
            {lesson.latest && !retry && !pendingQuiz ? (
              <QuizResultView
                questions={activity.quiz.questions}
                result={lesson.latest.result}
                answers={lesson.latest.answers}
                retryHref="?retry=1"
              />
            ) : (
              <QuizForm
                questions={activity.quiz.questions}
                clientId={lesson.clientId}
                pending={pendingQuiz || navigation.state === "submitting"}
                onSubmit={hydrated ? enqueueFromForm("quiz") : undefined}
              />
            )}
          </>
        ) : null}

        {activity.kind === "code" && "draft" in lesson ? (
          <CodeExercise
            key={activity.activityId}
            moduleId={lesson.moduleId}
            activityId={activity.activityId}
            exercise={activity.exercise}
            draft={lesson.draft}
            lastRun={lesson.lastRun}
            completed={lesson.completed}
            interactive={hydrated}
          />
        ) : null}

        {activity.kind === "blocks" && "blocksDraft" in lesson ? (
          <LazyBlockExercise
            key={activity.activityId}
            moduleId={lesson.moduleId}
            activityId={activity.activityId}
            title={activity.title}
            exercise={activity.exercise}
            draft={lesson.blocksDraft}
            lastRun={lesson.lastCheck}
            completed={lesson.completed}
            interactive={hydrated}
          />
        ) : null}

        {activity.kind === "reflection" && "reflection" in lesson ? (
          <ReflectionForm
            key={activity.activityId}
            moduleId={lesson.moduleId}
            activityId={activity.activityId}
            prompt={activity.prompt}
            saved={lesson.reflection}
            clientId={lesson.clientId}
            onSubmit={hydrated ? enqueueFromForm("reflection") : undefined}
          />
        ) : null}

        {lesson.moduleCompletedAt && !lesson.next ? (
          <section aria-labelledby="rate-title" className="rating-panel">
            <h2 id="rate-title">{lesson.rating ? "Your rating" : "Rate this module"}</h2>
            <RatingForm moduleId={lesson.moduleId} moduleTitle={lesson.moduleTitle} current={lesson.rating} />
          </section>
        ) : null}

        <nav aria-label="Previous and next activity" className="lesson-pager">
          {lesson.previous ? (
            <Link to={`/courses/${lesson.moduleId}/learn/${lesson.previous.activityId}`} rel="prev">
              ← Previous: {lesson.previous.title}
            </Link>
          ) : (
            <span />
          )}
          {lesson.next ? (
            <Link to={`/courses/${lesson.moduleId}/learn/${lesson.next.activityId}`} rel="next">
              Next: {lesson.next.title} →
            </Link>
          ) : (
            <Link to="/learning">Back to My learning</Link>
          )}
        </nav>
      </article>
    </div>
  );
}

function ReflectionForm({
  moduleId,
  activityId,
  prompt,
  saved,
  clientId,
  onSubmit,
}: {
  moduleId: string;
  activityId: string;
  prompt: string;
  saved: { text: string; updatedAt: string | Date } | null;
  clientId: string;
  onSubmit?: (event: React.FormEvent<HTMLFormElement>) => void;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [restored, setRestored] = useState(false);
  // A draft typed on this device and not yet saved survives a reload or a closed tab.
  useEffect(() => {
    const raw = localStorage.getItem(draftKey(moduleId, activityId));
    if (!raw || !ref.current) return;
    const draft = JSON.parse(raw) as { text: string; at: number };
    const savedAt = saved ? new Date(saved.updatedAt).getTime() : 0;
    if (draft.text !== (saved?.text ?? "") && draft.at > savedAt) {
      ref.current.value = draft.text;
      setRestored(true);
    }
  }, [moduleId, activityId, saved]);
  return (
    <Form method="post" onSubmit={onSubmit} className="reflection">
      <input type="hidden" name="intent" value="reflection" />
      <input type="hidden" name="clientId" value={clientId} />
      <div className="field">
        <label htmlFor="reflection-text">{prompt}</label>
        <span className="hint" id="reflection-hint">
          Only you can see your journal. You can edit this later and export your whole journal from My learning.
        </span>
        {restored ? (
          <p className="hint" role="status">
            We restored the draft you had not saved yet.
          </p>
        ) : null}
        <textarea
          ref={ref}
          id="reflection-text"
          name="text"
          rows={8}
          maxLength={REFLECTION_MAX_LENGTH}
          defaultValue={saved?.text ?? ""}
          aria-describedby="reflection-hint"
          onChange={(e) => localStorage.setItem(draftKey(moduleId, activityId), JSON.stringify({ text: e.target.value, at: Date.now() }))}
        />
      </div>
      {saved ? <p className="muted">Saved to your journal on {formatDate(saved.updatedAt, "dateTime")}.</p> : null}
      <Button>Save to my journal</Button>
    </Form>
  );
}
