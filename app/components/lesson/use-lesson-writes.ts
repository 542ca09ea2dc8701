/**
 * The lesson page's writes with JavaScript: each form goes through the browser's progress queue
 * (works offline, retried), and the page shows in advance what the write will do ("Mark as complete"
 * ticks, a quiz waits for its result) until the server accepts or refuses it. Without JavaScript the
 * same forms post to the route's action. Quiz answers are read from the form by the same function
 * the server uses (quizAnswersFromForm).
 */
import { useLocation, useNavigate } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { quizAnswersFromForm } from "~/modules/progress/progress-write.ts";
import { unansweredMessage, unansweredQuestions } from "~/modules/progress/quiz.ts";
import { getProgressQueue, type QueuedWrite } from "./progress-queue.ts";
import { reflectionDraftKey } from "./reflection-form.tsx";
import { useProgressQueue } from "./use-progress.ts";

type Lesson = { learnerId: string; moduleId: string; activityId: string; quizQuestions: { id: string }[] | null };

export function useLessonWrites({ learnerId, moduleId, activityId, quizQuestions }: Lesson) {
  const location = useLocation();
  const navigate = useNavigate();
  const [optimisticDone, setOptimisticDone] = useState(false);
  const [pendingQuiz, setPendingQuiz] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const { state, hydrated } = useProgressQueue(learnerId, (writes: QueuedWrite[]) => {
    if (writes.some((w) => w.intent === "quiz" && w.activityId === activityId)) {
      setPendingQuiz(false);
      navigate(`${location.pathname}#quiz-result`, { replace: true });
    }
    for (const w of writes) if (w.intent === "reflection") localStorage.removeItem(reflectionDraftKey(w.moduleId, w.activityId));
  });

  // Tell the server where the learner is (for "Continue"), through the same queue as everything else.
  useEffect(() => {
    getProgressQueue().enqueue({ moduleId, activityId, intent: "visit" });
    setOptimisticDone(false);
    setPendingQuiz(false);
  }, [moduleId, activityId]);

  // A write the server refused undoes what the page showed in advance (the refusal itself is listed).
  const refusedHere = (intent: QueuedWrite["intent"]) =>
    state.refused.some((r) => r.write.intent === intent && r.write.activityId === activityId && r.write.moduleId === moduleId);
  const refusedComplete = refusedHere("complete");
  const refusedQuiz = refusedHere("quiz");
  useEffect(() => {
    if (refusedQuiz) setPendingQuiz(false);
  }, [refusedQuiz]);

  const enqueueFromForm = (intent: QueuedWrite["intent"]) => (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const answers = quizAnswersFromForm(form);
    if (intent === "quiz" && quizQuestions) {
      const missing = unansweredQuestions(quizQuestions, answers);
      setFormError(missing.length ? unansweredMessage(missing) : null);
      if (missing.length) return;
    }
    if (intent === "reflection" && !String(form.get("text") ?? "").trim()) {
      setFormError("Write something before saving.");
      return;
    }
    setFormError(null);
    getProgressQueue().enqueue({
      moduleId,
      activityId,
      intent,
      answers: intent === "quiz" ? answers : undefined,
      text: intent === "reflection" ? String(form.get("text") ?? "") : undefined,
    });
    if (intent === "complete") setOptimisticDone(true);
    if (intent === "quiz") setPendingQuiz(true);
  };

  /** The form's submit handler once the page is interactive; without JavaScript the form posts. */
  const onSubmit = (intent: QueuedWrite["intent"]) => (hydrated ? enqueueFromForm(intent) : undefined);
  return { state, hydrated, formError, pendingQuiz, markedComplete: optimisticDone && !refusedComplete, onSubmit };
}

/**
 * With JavaScript, progress goes through the queue: when "Mark as complete" on this page completes
 * the module (its completion shows up in the revalidated lesson), move on to the completion page, as
 * the plain form's redirect does. Quizzes, exercises and reflections stay to show their result.
 */
export function useMoveOnWhenModuleCompletes({
  moduleId,
  moduleCompletedAt,
  completed,
  marksComplete,
}: {
  moduleId: string;
  moduleCompletedAt: string | Date | null;
  completed: boolean;
  marksComplete: boolean;
}) {
  const navigate = useNavigate();
  const moduleWasComplete = useRef(!!moduleCompletedAt);
  useEffect(() => {
    if (!moduleWasComplete.current && moduleCompletedAt && completed && marksComplete) navigate(`/courses/${moduleId}/complete`);
    moduleWasComplete.current = !!moduleCompletedAt;
  }, [moduleCompletedAt, completed, moduleId, marksComplete, navigate]);
}
