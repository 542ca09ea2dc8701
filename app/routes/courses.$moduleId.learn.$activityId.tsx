import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { LazyBlockExercise } from "~/components/blocks/lazy-block-exercise.tsx";
import { CodeExercise } from "~/components/exercises/code-exercise.tsx";
import { RatingForm } from "~/components/feedback/rating-form.tsx";
import { LessonPager } from "~/components/lesson/lesson-pager.tsx";
import { LessonSidebar } from "~/components/lesson/lesson-sidebar.tsx";
import { MarkComplete } from "~/components/lesson/mark-complete.tsx";
import { ModuleCompleteNotice } from "~/components/lesson/module-complete-notice.tsx";
import { getProgressQueue } from "~/components/lesson/progress-queue.ts";
import { QuizActivity } from "~/components/lesson/quiz-view.tsx";
import { ReflectionForm } from "~/components/lesson/reflection-form.tsx";
import { RefusedWrites, SaveStatus } from "~/components/lesson/save-status.tsx";
import { useLessonWrites, useMoveOnWhenModuleCompletes } from "~/components/lesson/use-lesson-writes.ts";
import { Alert } from "~/components/ui/alert.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { activityTypeLabel } from "~/modules/catalog/labels.ts";
import { findCertificateForModule } from "~/modules/certificates/certificates.server.ts";
import { getCompletionCheck } from "~/modules/certificates/completion-checks.server.ts";
import { getOwnRating } from "~/modules/feedback/ratings.server.ts";
import { getLessonForLearner } from "~/modules/progress/lesson.server.ts";
import { progressWriteFromForm } from "~/modules/progress/progress-write.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { formErrorReply, invariantResponse, type FormErrorReply } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

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
  const { emailConfirmed, email } = user;
  // clientId: a fresh id for each form as rendered, so a browser's resubmission of the same post is a replay.
  // learnerId: the browser's queue stamps each write with the account and sends only that account's writes.
  return { ...lesson, certificate, check, rating, emailConfirmed, email, clientId: crypto.randomUUID(), learnerId: user.id };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const moduleId = params.moduleId ?? "";
  const { write, clientId } = progressWriteFromForm(await readForm(request));
  if (!clientId.success) return data<FormErrorReply>({ error: "This form has expired. Reload the page and try again." }, { status: 400 });
  if (!write.success) return data<FormErrorReply>({ error: write.error.issues[0]?.message ?? "That could not be saved." }, { status: 400 });
  try {
    const recorded = await recordProgress({
      userId: user.id,
      moduleId,
      activityId: params.activityId ?? "",
      clientId: clientId.data,
      write: write.data,
    });
    // "Mark as complete" on the last required activity: on to the completion page (hours, certificate,
    // rating). A quiz, exercise or reflection stays to show its result; its page links there.
    if (recorded.moduleJustCompleted && write.data.intent === "complete")
      return redirect(`/courses/${encodeURIComponent(moduleId)}/complete`);
  } catch (error) {
    // Refusals (not enrolled, no such activity, too many writes) are answered beside the form, with
    // their status; the loader then sends someone who is not enrolled to the module page to enrol.
    const { reply, status } = formErrorReply(error, { beside: ["forbidden", "not-found", "too-many-requests"] });
    return data(reply, { status });
  }
  return redirect(`${new URL(request.url).pathname}${write.data.intent === "quiz" ? "#quiz-result" : ""}`);
}

export default function Lesson() {
  const lesson = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const navigation = useNavigation();
  const activity = lesson.activity;
  const quizQuestions = activity.kind === "quiz" ? activity.quiz.questions : null;
  const writes = useLessonWrites({
    learnerId: lesson.learnerId,
    moduleId: lesson.moduleId,
    activityId: activity.activityId,
    quizQuestions,
  });
  const { state, hydrated, onSubmit } = writes;
  const marksComplete = activity.kind === "reading" || activity.kind === "video";
  useMoveOnWhenModuleCompletes({ ...lesson, marksComplete });
  const titles = new Map(lesson.sections.flatMap((s) => s.activities.map((a) => [a.activityId, a.title] as const)));
  const exercise = { moduleId: lesson.moduleId, activityId: activity.activityId, completed: lesson.completed, interactive: hydrated };
  const error = writes.formError ?? actionData?.error;

  return (
    <div className="container page lesson-layout">
      <LessonSidebar
        moduleId={lesson.moduleId}
        moduleTitle={lesson.moduleTitle}
        percent={lesson.summary.percent}
        sections={lesson.sections}
        currentId={activity.activityId}
      />
      <article className="lesson-main" aria-labelledby="activity-title">
        <p className="muted">
          {activity.sectionTitle} · {activityTypeLabel(activity.type)} · about {activity.minutes} minute{activity.minutes === 1 ? "" : "s"}
        </p>
        <h1 id="activity-title">{activity.title}</h1>
        {hydrated ? (
          <SaveStatus state={state} signInHref={`/sign-in?redirectTo=${encodeURIComponent(`${location.pathname}${location.search}`)}`} />
        ) : null}
        {hydrated ? (
          <RefusedWrites
            refused={state.refused}
            titleOf={(id) => titles.get(id) ?? id}
            onRetry={(id) => getProgressQueue().retryRefused(id)}
            onDismiss={(id) => getProgressQueue().dismissRefused(id)}
          />
        ) : null}
        {error ? <Alert tone="error">{error}</Alert> : null}
        {lesson.moduleCompletedAt ? <ModuleCompleteNotice {...lesson} complete={lesson.summary.complete} hasNext={!!lesson.next} /> : null}
        {activity.kind === "unavailable" ? (
          <Alert tone="error">This activity cannot be shown at the moment. Your progress is kept: try again later.</Alert>
        ) : null}
        {activity.kind === "video" ? (
          <>
            <video controls preload="metadata" src={activity.video.src} className="lesson-video">
              <track kind="captions" src={activity.video.captions} srcLang="en" label="English" default />
            </video>
            <h2>Transcript</h2>
          </>
        ) : null}
        <div className="prose" dangerouslySetInnerHTML={{ __html: activity.html }} />

        {marksComplete ? (
          <MarkComplete completed={lesson.completed || writes.markedComplete} clientId={lesson.clientId} onSubmit={onSubmit("complete")} />
        ) : null}
        {activity.kind === "quiz" && "attempts" in lesson ? (
          <QuizActivity
            {...lesson}
            quiz={activity.quiz}
            retry={new URLSearchParams(location.search).has("retry")}
            pending={writes.pendingQuiz}
            submitting={navigation.state === "submitting"}
            onSubmit={onSubmit("quiz")}
          />
        ) : null}
        {activity.kind === "code" && "draft" in lesson ? (
          <CodeExercise
            key={activity.activityId}
            {...exercise}
            exercise={activity.exercise}
            draft={lesson.draft}
            lastRun={lesson.lastRun}
          />
        ) : null}
        {activity.kind === "blocks" && "blocksDraft" in lesson ? (
          <LazyBlockExercise
            key={activity.activityId}
            {...exercise}
            title={activity.title}
            exercise={activity.exercise}
            draft={lesson.blocksDraft}
            lastRun={lesson.lastCheck}
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
            onSubmit={onSubmit("reflection")}
          />
        ) : null}

        {lesson.moduleCompletedAt && !lesson.next ? (
          <section aria-labelledby="rate-title" className="rating-panel">
            <h2 id="rate-title">{lesson.rating ? "Your rating" : "Rate this module"}</h2>
            <RatingForm moduleId={lesson.moduleId} moduleTitle={lesson.moduleTitle} current={lesson.rating} />
          </section>
        ) : null}
        <LessonPager moduleId={lesson.moduleId} previous={lesson.previous} next={lesson.next} />
      </article>
    </div>
  );
}
