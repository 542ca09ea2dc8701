import { Form, Link } from "@remix-run/react";
import type { PublicQuestion } from "~/modules/catalog/activity-data.ts";
import type { LearnerQuizResult, QuizAnswers } from "~/modules/progress/quiz.ts";
import { Button } from "../ui/button.tsx";

type Props = {
  questions: PublicQuestion[];
  clientId: string;
  pending: boolean;
  onSubmit?: (event: React.FormEvent<HTMLFormElement>) => void;
};

/** The quiz as a plain form: one fieldset per question, works without JavaScript. */
export function QuizForm({ questions, clientId, pending, onSubmit }: Props) {
  return (
    <Form method="post" onSubmit={onSubmit} className="quiz">
      <input type="hidden" name="intent" value="quiz" />
      <input type="hidden" name="clientId" value={clientId} />
      {questions.map((q, i) => (
        <fieldset key={q.id} className="field quiz-question" aria-describedby={`prompt-${q.id}`}>
          <legend>
            Question {i + 1} of {questions.length}
            {q.kind === "multiple" ? " (choose all that apply)" : ""}
          </legend>
          <div id={`prompt-${q.id}`} className="prose" dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
          {q.kind === "short" ? (
            <>
              <label htmlFor={`answer-${q.id}`}>Your answer</label>
              <input id={`answer-${q.id}`} type="text" name={`answer.${q.id}`} autoComplete="off" />
            </>
          ) : (
            <ul className="choices">
              {q.options.map((o) => (
                <li key={o.id}>
                  <input
                    id={`answer-${q.id}-${o.id}`}
                    type={q.kind === "single" ? "radio" : "checkbox"}
                    name={`answer.${q.id}`}
                    value={o.id}
                  />
                  <label htmlFor={`answer-${q.id}-${o.id}`}>{o.text}</label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      ))}
      <Button disabled={pending}>{pending ? "Checking your answers…" : "Check my answers"}</Button>
    </Form>
  );
}

/**
 * The result of the latest attempt: score, pass or not, and feedback on every answer. The right
 * answers appear only when the server sent them (the author's reveal rule, docs/decisions/0023).
 */
export function QuizResultView({
  questions,
  result,
  answers,
  retryHref,
}: {
  questions: PublicQuestion[];
  result: LearnerQuizResult;
  answers: QuizAnswers;
  retryHref: string;
}) {
  return (
    <section aria-labelledby="quiz-result-title" id="quiz-result" className="quiz-result" tabIndex={-1}>
      <h2 id="quiz-result-title">Your result: {result.score}%</h2>
      <p className={result.passed ? "result-pass" : "result-fail"}>
        {result.passed
          ? `You passed (the pass mark is ${result.passMark}%).`
          : `You have not passed yet: the pass mark is ${result.passMark}%. Read the feedback, then try again.`}
      </p>
      {result.note ? <p className="muted">{result.note}</p> : null}
      <ol className="quiz-feedback">
        {questions.map((q) => {
          const r = result.results.find((x) => x.questionId === q.id);
          const given = answers[q.id] ?? [];
          const optionText = (id: string) => (q.kind === "short" ? id : (q.options.find((o) => o.id === id)?.text ?? id));
          return (
            <li key={q.id} className={r?.correct ? "is-correct" : "is-incorrect"}>
              <div className="prose" dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
              <p>
                <strong>{r?.correct ? "Correct." : "Not quite."}</strong> Your answer:{" "}
                {given.length ? given.map(optionText).join("; ") : "(no answer)"}
              </p>
              <ul>
                {(r?.feedback ?? []).map((f, i) => (
                  <li key={i}>{f.optionId && q.kind !== "short" ? `${optionText(f.optionId)}: ${f.text}` : f.text}</li>
                ))}
              </ul>
              {r?.answer && !r.correct ? (
                <>
                  <p>
                    <strong>The right answer{r.answer.optionIds.length + r.answer.accepted.length > 1 ? "s" : ""}:</strong>{" "}
                    {(q.kind === "short" ? r.answer.accepted : r.answer.optionIds.map(optionText)).join("; ")}
                  </p>
                  {r.answer.explanations.length ? (
                    <ul>
                      {r.answer.explanations.map((f, i) => (
                        <li key={i}>{f.optionId ? `${optionText(f.optionId)}: ${f.text}` : f.text}</li>
                      ))}
                    </ul>
                  ) : null}
                </>
              ) : null}
            </li>
          );
        })}
      </ol>
      <p>
        <Link to={retryHref} className="button button--secondary">
          Try the quiz again
        </Link>
      </p>
    </section>
  );
}

/** A quiz activity: the learner's attempts so far, then their latest result (unless retrying) or the form. */
export function QuizActivity({
  quiz,
  attempts,
  latest,
  retry,
  clientId,
  pending,
  submitting,
  onSubmit,
}: {
  quiz: { passMark: number; questions: PublicQuestion[] };
  attempts: { count: number; best: number };
  latest: { answers: QuizAnswers; result: LearnerQuizResult } | null;
  /** The learner asked to try again (?retry): the form, not the last result. */
  retry: boolean;
  clientId: string;
  /** An attempt is queued and its result not back yet. */
  pending: boolean;
  /** The form is being posted without JavaScript. */
  submitting: boolean;
  onSubmit?: (event: React.FormEvent<HTMLFormElement>) => void;
}) {
  return (
    <>
      {attempts.count > 0 ? (
        <p className="muted">
          Attempts: {attempts.count}. Best score: {attempts.best}%. Pass mark: {quiz.passMark}%.
        </p>
      ) : (
        <p className="muted">Pass mark: {quiz.passMark}%. You can try as many times as you like.</p>
      )}
      {latest && !retry && !pending ? (
        <QuizResultView questions={quiz.questions} result={latest.result} answers={latest.answers} retryHref="?retry=1" />
      ) : (
        <QuizForm questions={quiz.questions} clientId={clientId} pending={pending || submitting} onSubmit={onSubmit} />
      )}
    </>
  );
}
