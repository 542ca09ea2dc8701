import { Button } from "~/components/ui/button.tsx";
import type { QuizValue } from "~/modules/authoring/draft-content.ts";

const REVEAL: Record<string, string> = {
  "": "After the learner passes (the default)",
  "after-attempts": "After a number of attempts (or passing)",
  "after-any-attempt": "After any attempt",
};

const KINDS: Record<string, string> = {
  single: "One right answer",
  multiple: "Several right answers",
  short: "Short typed answer",
};

/**
 * A quiz, question by question: plain named inputs inside the activity form, so it works without
 * JavaScript. Each choice question shows one empty option row for adding an option; "Add a
 * question" and "Remove" save the activity and come back here.
 */
export function QuizEditor({ value, disabled }: { value: QuizValue; disabled: boolean }) {
  return (
    <fieldset className="stack quiz-editor" disabled={disabled}>
      <legend>Questions</legend>
      <input type="hidden" name="quizEditor" value="1" />
      <div className="field">
        <label htmlFor="quiz-passmark">Pass mark (%)</label>
        <input id="quiz-passmark" name="quiz.passMark" type="text" inputMode="numeric" defaultValue={value.passMark} />
      </div>
      <div className="field">
        <label htmlFor="quiz-reveal">Show the right answers and their explanations</label>
        <span className="hint" id="quiz-reveal-hint">
          Until then learners see their score, which questions they got wrong and your hints for the wrong options they chose.
        </span>
        <select id="quiz-reveal" name="quiz.revealAnswers" defaultValue={value.revealAnswers} aria-describedby="quiz-reveal-hint">
          {Object.entries(REVEAL).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="quiz-reveal-attempts">Number of attempts before the answers are shown</label>
        <span className="hint" id="quiz-reveal-attempts-hint">
          Only used with &ldquo;after a number of attempts&rdquo;.
        </span>
        <input
          id="quiz-reveal-attempts"
          name="quiz.revealAfterAttempts"
          type="text"
          inputMode="numeric"
          defaultValue={value.revealAfterAttempts}
          aria-describedby="quiz-reveal-attempts-hint"
        />
      </div>
      {value.questions.map((q, i) => {
        const n = `quiz.questions[${i}]`;
        const id = `quiz-q${i}`;
        const blanks = Math.max(1, 2 - q.options.length);
        const blank = { id: "", text: "", correct: false, feedback: "", hint: "" };
        const options = q.kind === "short" ? [] : [...q.options, ...Array.from({ length: blanks }, () => blank)];
        return (
          <fieldset key={i} className="card stack" id={`question-${i + 1}`}>
            <legend>Question {i + 1}</legend>
            <input type="hidden" name={`${n}.id`} value={q.id} />
            <div className="field">
              <label htmlFor={`${id}-prompt`}>Question {i + 1}: prompt (Markdown)</label>
              <textarea id={`${id}-prompt`} name={`${n}.prompt`} rows={2} defaultValue={q.prompt} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-kind`}>Question {i + 1}: kind</label>
              <span className="hint" id={`${id}-kind-hint`}>
                After changing the kind, save to see its fields.
              </span>
              <select id={`${id}-kind`} name={`${n}.kind`} defaultValue={q.kind} aria-describedby={`${id}-kind-hint`}>
                {Object.entries(KINDS).map(([k, label]) => (
                  <option key={k} value={k}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            {q.kind === "short" ? (
              <>
                <div className="field">
                  <label htmlFor={`${id}-answers`}>Question {i + 1}: accepted answers</label>
                  <span className="hint" id={`${id}-answers-hint`}>
                    One per line; capitals and extra spaces are ignored when marking.
                  </span>
                  <textarea
                    id={`${id}-answers`}
                    name={`${n}.answers`}
                    rows={3}
                    defaultValue={q.answers}
                    aria-describedby={`${id}-answers-hint`}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-fc`}>Question {i + 1}: feedback when right</label>
                  <input id={`${id}-fc`} name={`${n}.feedbackCorrect`} type="text" defaultValue={q.feedbackCorrect} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-fi`}>Question {i + 1}: feedback when wrong</label>
                  <input id={`${id}-fi`} name={`${n}.feedbackIncorrect`} type="text" defaultValue={q.feedbackIncorrect} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-fh`}>Question {i + 1}: hint when wrong, before the answers are shown</label>
                  <input id={`${id}-fh`} name={`${n}.feedbackHint`} type="text" defaultValue={q.feedbackHint} />
                </div>
              </>
            ) : (
              options.map((o, j) => {
                const on = `${n}.options[${j}]`;
                const oid = `${id}-o${j}`;
                const isNew = j >= q.options.length;
                const label = isNew ? `Question ${i + 1}: new option ${j + 1}` : `Question ${i + 1}, option ${j + 1}`;
                return (
                  <fieldset key={j} className="inline-fields">
                    <legend>{isNew ? `Option ${j + 1} (new: leave empty if not needed)` : `Option ${j + 1}`}</legend>
                    <input type="hidden" name={`${on}.id`} value={o.id} />
                    <div className="field">
                      <label htmlFor={`${oid}-text`}>{label}: text</label>
                      <input id={`${oid}-text`} name={`${on}.text`} type="text" defaultValue={o.text} />
                    </div>
                    <div className="field">
                      <div className="checkbox">
                        <input id={`${oid}-correct`} name={`${on}.correct`} type="checkbox" defaultChecked={o.correct} />
                        <label htmlFor={`${oid}-correct`}>{label}: correct</label>
                      </div>
                    </div>
                    <div className="field">
                      <label htmlFor={`${oid}-feedback`}>{label}: feedback</label>
                      <input id={`${oid}-feedback`} name={`${on}.feedback`} type="text" defaultValue={o.feedback} />
                    </div>
                    <div className="field">
                      <label htmlFor={`${oid}-hint`}>{label}: hint if chosen wrongly, before the answers are shown</label>
                      <input id={`${oid}-hint`} name={`${on}.hint`} type="text" defaultValue={o.hint ?? ""} />
                    </div>
                  </fieldset>
                );
              })
            )}
            <Button variant="link" name="intent" value={`remove-question:${i}`}>
              Remove question {i + 1}
            </Button>
          </fieldset>
        );
      })}
      <div className="button-row">
        <Button name="intent" value="save">
          Save questions
        </Button>
        <Button variant="secondary" name="intent" value="add-question">
          Add a question
        </Button>
      </div>
    </fieldset>
  );
}
