import { useEffect, useRef, useState } from "react";
import { Button } from "~/components/ui/button.tsx";
import type { RunResult } from "~/modules/exercises/harness.ts";

/**
 * One sentence for the live region: what this run did. Only a run that passed says the activity is
 * complete; a run that did not pass never does, even when the activity was completed before
 * (`completionNote` says that, apart from the run's result).
 */
export function summariseResult(result: RunResult, completed: boolean): string {
  const done = completed && result.passed ? " This activity is complete." : "";
  switch (result.status) {
    case "passed":
      return result.tests.length === 0
        ? `Your program ran without errors.${done}`
        : `All ${result.tests.length} check${result.tests.length === 1 ? "" : "s"} passed. Well done!${done}`;
    case "failed": {
      const passed = result.tests.filter((t) => t.passed).length;
      return `${passed} of ${result.tests.length} checks passed. The ones that did not pass say what to look at.`;
    }
    case "ran": {
      const lines = result.stdout === "" ? 0 : result.stdout.replace(/\n$/, "").split("\n").length;
      return `Your program finished${lines === 0 ? " without printing anything" : ` and printed ${lines} line${lines === 1 ? "" : "s"}`}.`;
    }
    case "error":
      return `Your program stopped with an error${result.error?.line ? ` on line ${result.error.line}` : ""}: ${result.error?.message ?? ""}`;
    case "timeout":
    case "stopped":
    case "unavailable":
      return result.error?.message ?? "The program did not finish.";
  }
}

/**
 * Where the activity stands beside a run that did not pass: said apart from the run's result, so a
 * failed run is never read as "complete" (a predict exercise is completed by a run that finished or
 * stopped with an error, once the prediction is saved).
 */
export function completionNote(result: RunResult, completed: boolean, completedBefore: boolean): string | null {
  if (!completed || result.passed) return null;
  return completedBefore
    ? "You completed this activity earlier. This run does not change that: your completion still counts."
    : "This activity is complete.";
}

/** How a result looks: its tone (a border and an icon as well as a colour) and the icon. */
function toneOf(result: RunResult): { tone: "pass" | "fail" | "neutral"; icon: string } {
  if (result.passed) return { tone: "pass", icon: "✓" };
  if (result.status === "ran") return { tone: "neutral", icon: "▸" };
  return { tone: "fail", icon: "✗" };
}

/** The question a program asks with input(): the last line it printed (its prompt), if any. */
export function promptOf(output: string): string {
  return output.slice(output.lastIndexOf("\n") + 1).trim();
}

/**
 * The running program waits for an answer to input(): what it printed so far, and a box for the
 * answer, focused at once; Enter (or Send) gives the answer to the program.
 */
function ProgramInput({ output, onAnswer }: { output: string; onAnswer: (value: string) => void }) {
  const [value, setValue] = useState("");
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => box.current?.focus(), [output]);
  const prompt = promptOf(output);
  return (
    <>
      <h3 id="exercise-output-heading">Output so far</h3>
      <pre className="exercise-results__output" tabIndex={0} aria-labelledby="exercise-output-heading" data-testid="exercise-output">
        {output === "" ? <span className="muted">(nothing was printed)</span> : output}
      </pre>
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          onAnswer(value);
        }}
      >
        <label htmlFor="program-input">Your answer{prompt ? ` to “${prompt}”` : ""}</label>
        <span className="hint" id="program-input-hint">
          Your program is waiting for you. Type your answer and press Enter.
        </span>
        <input
          ref={box}
          id="program-input"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={value}
          aria-describedby="program-input-hint"
          onChange={(event) => setValue(event.target.value)}
        />{" "}
        <Button type="submit" variant="secondary">
          Send
        </Button>
      </form>
    </>
  );
}

/**
 * The last result: summary (announced), where the activity stands if this run did not pass, the
 * error with a way to its line, each check, the output.
 */
export function RunResults({
  result,
  running,
  asking = null,
  completed,
  completedBefore = false,
  onGoToLine,
}: {
  result: RunResult | null;
  running: "run" | "check" | null;
  /** The running program waits for an answer to input(). */
  asking?: { output: string; answer: (value: string | null) => void } | null;
  completed: boolean;
  /** The activity was already complete when this run started. */
  completedBefore?: boolean;
  onGoToLine: (line: number) => void;
}) {
  const question = asking ? promptOf(asking.output) : "";
  const settled = result && !running && !asking ? result : null;
  const summary = asking
    ? `Your program is waiting for your answer${question ? `: ${question}` : "."}`
    : running
      ? running === "run"
        ? "Running your program…"
        : "Checking your program…"
      : result
        ? summariseResult(result, completed)
        : "";
  const look = settled ? toneOf(settled) : null;
  const note = settled ? completionNote(settled, completed, completedBefore) : null;
  return (
    <section className="exercise-results" aria-labelledby="exercise-results-heading">
      <h2 id="exercise-results-heading">Result</h2>
      {/* One live region: the run's result, then (separately styled) where the activity stands. */}
      <div role="status" aria-live="polite" className="exercise-results__status">
        <p className={`exercise-results__summary${look ? ` is-${look.tone}` : ""}`}>
          {look ? (
            <span className="exercise-results__icon" aria-hidden="true">
              {look.icon}
            </span>
          ) : null}
          <span data-testid="exercise-summary">
            {summary || "Run your program to see what it prints, or check it to see whether it does what the exercise asks."}
          </span>
        </p>
        {note ? (
          <p className="exercise-results__completion" data-testid="exercise-completion">
            <span className="exercise-results__icon" aria-hidden="true">
              ✓
            </span>
            <span>{note}</span>
          </p>
        ) : null}
      </div>
      {asking ? <ProgramInput key={asking.output} output={asking.output} onAnswer={(value) => asking.answer(value)} /> : null}
      {result && !running ? (
        <>
          {result.error?.line ? (
            <p className="exercise-results__error">
              <strong>Line {result.error.line}:</strong> {result.error.message}{" "}
              <button type="button" className="link-button" onClick={() => onGoToLine(result.error!.line!)}>
                Go to line {result.error.line}
              </button>
            </p>
          ) : null}
          {result.tests.length > 0 ? (
            <ul className="exercise-results__tests" aria-label="Checks">
              {result.tests.map((test) => (
                <li key={test.name} className={test.passed ? "is-pass" : "is-fail"}>
                  <span aria-hidden="true">{test.passed ? "✓ " : "✗ "}</span>
                  <span className="visually-hidden">{test.passed ? "Passed: " : "Not passed: "}</span>
                  {test.name}
                  {!test.passed && test.message ? <span className="exercise-results__message">{test.message}</span> : null}
                  {!test.passed && test.detail ? <span className="exercise-results__detail">Details: {test.detail}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          <h3 id="exercise-output-heading">Output</h3>
          <pre className="exercise-results__output" tabIndex={0} aria-labelledby="exercise-output-heading" data-testid="exercise-output">
            {result.stdout === "" ? <span className="muted">(nothing was printed)</span> : result.stdout}
          </pre>
          {result.stdoutTruncated ? <p className="hint">The output was cut short at 100,000 characters.</p> : null}
        </>
      ) : null}
    </section>
  );
}
