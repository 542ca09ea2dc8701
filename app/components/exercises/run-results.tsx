import type { RunResult } from "~/modules/exercises/harness.ts";

/** One sentence for the live region: what just happened. */
export function summariseResult(result: RunResult, completed: boolean): string {
  const done = completed ? " This activity is complete." : "";
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
      return `Your program finished${lines === 0 ? " without printing anything" : ` and printed ${lines} line${lines === 1 ? "" : "s"}`}.${done}`;
    }
    case "error":
      return `Your program stopped with an error${result.error?.line ? ` on line ${result.error.line}` : ""}: ${result.error?.message ?? ""}${done}`;
    case "timeout":
    case "stopped":
    case "unavailable":
      return result.error?.message ?? "The program did not finish.";
  }
}

/** The last result: summary (announced), the error with a way to its line, each check, the output. */
export function RunResults({
  result,
  running,
  completed,
  onGoToLine,
}: {
  result: RunResult | null;
  running: "run" | "check" | null;
  completed: boolean;
  onGoToLine: (line: number) => void;
}) {
  const summary = running
    ? running === "run"
      ? "Running your program…"
      : "Checking your program…"
    : result
      ? summariseResult(result, completed)
      : "";
  const tone = !result || running ? "" : result.passed ? " is-pass" : result.status === "ran" ? "" : " is-fail";
  return (
    <section className="exercise-results" aria-labelledby="exercise-results-heading">
      <h2 id="exercise-results-heading">Result</h2>
      <p className={`exercise-results__summary${tone}`} role="status" aria-live="polite" data-testid="exercise-summary">
        {summary || "Run your program to see what it prints, or check it to see whether it does what the exercise asks."}
      </p>
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
