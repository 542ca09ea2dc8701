import { useEffect, useRef, useState } from "react";
import { getProgressQueue, newClientId } from "~/components/lesson/progress-queue.ts";
import { Button } from "~/components/ui/button.tsx";
import type { StoredCode } from "~/modules/catalog/activity-data.ts";
import { chooseDraft, type DraftCopy } from "~/modules/exercises/drafts.ts";
import { checkProgram, runCompletesActivity, runProgram, type RunResult } from "~/modules/exercises/harness.ts";
import { assembleParsons, initialParsonsState, parseParsonsState, type ParsonsState } from "~/modules/exercises/parsons.ts";
import { CodeEditor, type CodeEditorApi } from "./code-editor.tsx";
import { ExerciseHints, readLocal, ResetConfirmation, writeLocal } from "./exercise-parts.tsx";
import { ParsonsBoard } from "./parsons-board.tsx";
import { RunResults } from "./run-results.tsx";
import { pythonLoadingAnnouncement, pythonProgressText } from "./runtime-status.ts";
import { getSandbox, type AskForInput, type RuntimeState } from "./sandbox-client.ts";
import { formatDate } from "~/utils/dates.ts";

type Props = {
  moduleId: string;
  activityId: string;
  exercise: StoredCode;
  draft: { code: string; updatedAt: string | Date } | null;
  /** The latest recorded run: the server's verdict (`passed`, `verification`) and what the browser said. */
  lastRun: {
    passed: boolean;
    createdAt: string | Date;
    prediction: string | null;
    clientId?: string;
    reportedPassed?: boolean;
    verification?: string | null;
    serverMessage?: string | null;
  } | null;
  completed: boolean;
  /** False until the page has hydrated: without JavaScript nothing can run. */
  interactive: boolean;
};

const LANGUAGE_NAMES = { python: "Python", javascript: "JavaScript" } as const;
const keyFor = (what: string, moduleId: string, activityId: string) => `pathways.code-${what}.${moduleId}.${activityId}`;
/** How long typing must pause before the draft is sent to the server (it is kept on the device at once). */
const SERVER_SAVE_DELAY_MS = 1500;

/**
 * What the learner is told about the server's check of a run their browser says completes the
 * activity (docs/decisions/0021-server-verified-code-runs.md): only the server's check counts.
 */
export function serverCheckMessage(
  pending: { clientId: string } | null,
  lastRun: Props["lastRun"],
  completed: boolean,
): { text: string; tone: "checking" | "pass" | "fail" } | null {
  if (!pending) return null;
  if (!lastRun || lastRun.clientId !== pending.clientId) {
    return { text: "Your browser says your code passed. Checking it on the server…", tone: "checking" };
  }
  if (lastRun.verification === "verified") {
    return completed
      ? { text: "Checked on the server: this activity is complete.", tone: "pass" }
      : {
          text: "Your browser says your code passed, but it did not pass when the server checked it, so this activity is not complete yet.",
          tone: "fail",
        };
  }
  if (lastRun.verification === "unavailable") {
    return {
      text: `Your browser says your code passed, but it could not be checked on the server. ${lastRun.serverMessage ?? ""}`.trim(),
      tone: "fail",
    };
  }
  return null;
}

const normalise = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .trim();

/**
 * A code exercise in the lesson player: the editor (or Parsons board), Run / Check / Stop, hints,
 * reset, the predict step, and the results. Learner code runs only in the sandbox (sandbox-client.ts).
 * Drafts are kept on the device as the learner types and sent to the account through the progress
 * queue; every run's result is recorded the same way.
 */
export function CodeExercise({ moduleId, activityId, exercise, draft, lastRun, completed: completedOnServer, interactive }: Props) {
  const { language, kind, tests } = exercise;
  const puzzle = exercise.parsons;
  const draftKey = keyFor("draft", moduleId, activityId);
  const predictionKey = keyFor("prediction", moduleId, activityId);
  const hintsKey = keyFor("hints", moduleId, activityId);

  const starterState = puzzle ? initialParsonsState(puzzle.blocks.length) : null;
  const starterText = puzzle ? JSON.stringify(starterState) : exercise.starter;
  // What the server rendered: the account's draft if it fits, else the starter.
  const serverParsons = puzzle && draft ? parseParsonsState(draft.code, puzzle.blocks.length) : null;
  const initialCode = puzzle ? "" : (draft?.code ?? exercise.starter);

  const editor = useRef<CodeEditorApi>(null);
  const code = useRef(initialCode);
  const [parsons, setParsons] = useState<ParsonsState | null>(serverParsons ?? starterState);
  const [notice, setNotice] = useState<string | null>(null);
  const [runtime, setRuntime] = useState<RuntimeState | null>(null);
  const [running, setRunning] = useState<"run" | "check" | null>(null);
  const [result, setResult] = useState<RunResult | null>(null);
  /** Whether the activity was already complete when the shown result's run started. */
  const [resultCompletedBefore, setResultCompletedBefore] = useState(false);
  // Completion comes only from the server (its own check of the code); the browser's result is shown at once.
  const [completed, setCompleted] = useState(completedOnServer);
  /** The run sent for the server to check (its client id), while the learner may want to know the outcome. */
  const [serverCheck, setServerCheck] = useState<{ clientId: string } | null>(null);
  const [prediction, setPrediction] = useState(lastRun?.prediction ?? "");
  const [predicted, setPredicted] = useState(Boolean(lastRun?.prediction));
  const [comparison, setComparison] = useState<{ prediction: string; output: string } | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [runInput, setRunInput] = useState(exercise.inputs.join("\n"));
  /** The running program called input() and waits for the learner's answer. */
  const [asking, setAsking] = useState<{ output: string; answer: (value: string | null) => void } | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout>>();
  const predictionBox = useRef<HTMLTextAreaElement>(null);

  useEffect(() => setCompleted((c) => c || completedOnServer), [completedOnServer]);

  /** The program as it stands: the editor's text, or the Parsons arrangement spelt out. */
  const currentProgram = () => (puzzle && parsons ? assembleParsons(puzzle, parsons) : (editor.current?.getValue() ?? code.current));

  function saveDraft(text: string) {
    writeLocal(draftKey, { code: text, at: Date.now() } satisfies DraftCopy);
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      getProgressQueue().enqueue({ moduleId, activityId, intent: "code-draft", code: text }, { replacePending: true });
    }, SERVER_SAVE_DELAY_MS);
  }

  // On opening: the newer of this device's draft and the account's wins (with a notice), plus the
  // prediction and hints already seen on this device.
  useEffect(() => {
    const device = readLocal<DraftCopy>(draftKey);
    const account = draft ? { code: draft.code, at: new Date(draft.updatedAt).getTime() } : null;
    const choice = chooseDraft({ starter: starterText, account, device, what: puzzle ? "arrangement" : "code" });
    if (puzzle) {
      const state = parseParsonsState(choice.code, puzzle.blocks.length);
      if (state && choice.from !== "starter") {
        setParsons(state);
        setNotice(choice.notice);
      }
    } else if (choice.code !== code.current) {
      code.current = choice.code;
      editor.current?.setValue(choice.code);
      setNotice(choice.notice);
    } else if (choice.from !== "starter") {
      setNotice(choice.notice);
    }
    if (choice.from === "device" && device) saveDraft(device.code);
    else if (choice.from === "account" && account) writeLocal(draftKey, account);
    const saved = readLocal<{ text: string; saved: boolean }>(predictionKey);
    if (saved && !lastRun?.prediction) {
      setPrediction(saved.text);
      setPredicted(saved.saved);
    }
    return () => clearTimeout(saveTimer.current);
    // Once per exercise opened (the component is keyed by activity).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The sandbox starts as soon as the exercise is on screen, so Python is ready by the first Run.
  useEffect(() => {
    if (!interactive) return;
    return getSandbox(language).subscribe(setRuntime);
  }, [interactive, language]);

  const locked = kind === "predict" && !predicted; // predict first, then run (and modify)
  const mustPredictMessage = "Write your prediction and save it before you run the program.";

  async function go(mode: "run" | "check") {
    if (running) return;
    if (locked) {
      predictionBox.current?.focus();
      return;
    }
    const program = currentProgram();
    const completedBefore = completed;
    const sandbox = getSandbox(language);
    setRunning(mode);
    editor.current?.showError(null);
    // Run asks the learner when the program calls input() (if the sandbox can wait for them), or
    // takes the answers typed in the box; Check always uses the exercise's own inputs.
    const interactive = mode === "run" && sandbox.interactive;
    const inputs = mode === "check" ? exercise.inputs : interactive || runInput === "" ? [] : runInput.replace(/\n$/, "").split("\n");
    const ask: AskForInput = (output) =>
      new Promise((resolve) =>
        setAsking({
          output,
          answer: (value) => {
            setAsking(null);
            resolve(value);
          },
        }),
      );
    const outcome =
      mode === "run"
        ? await runProgram((run) => sandbox.execute(run, interactive ? ask : null), { language, code: program, inputs, interactive })
        : await checkProgram(sandbox.execute, { language, code: program, inputs, tests });
    setAsking(null);
    const completes = runCompletesActivity({ kind, testCount: tests.length }, outcome, predicted);
    setResult(outcome);
    setResultCompletedBefore(completedBefore);
    setRunning(null);
    if (outcome.error?.line) editor.current?.showError({ line: outcome.error.line, message: outcome.error.message });
    if (kind === "predict" && mode === "run" && (outcome.status === "ran" || outcome.status === "error")) {
      setComparison({ prediction, output: outcome.stdout });
    }
    if (outcome.status === "unavailable") return; // nothing ran
    const clientId = newClientId();
    setServerCheck(completes && !completed ? { clientId } : null);
    getProgressQueue().enqueue({
      clientId,
      moduleId,
      activityId,
      intent: "code-run",
      code: puzzle && parsons ? JSON.stringify(parsons) : program,
      result: {
        mode: outcome.mode,
        status: outcome.status,
        passed: outcome.passed,
        tests: outcome.tests.map((t) => ({ name: t.name, passed: t.passed })),
        error: outcome.error ? { message: outcome.error.message.slice(0, 2000), line: outcome.error.line } : null,
        stdout: outcome.stdout,
        ...(kind === "predict" && predicted ? { prediction } : {}),
      },
    });
  }

  function reset() {
    setConfirmReset(false);
    setResult(null);
    setComparison(null);
    editor.current?.showError(null);
    if (puzzle && starterState) {
      setParsons(starterState);
      saveDraft(JSON.stringify(starterState));
    } else {
      editor.current?.setValue(exercise.starter);
      code.current = exercise.starter;
      saveDraft(exercise.starter);
    }
    setNotice(puzzle ? "The lines are back in their starting order." : "Your code has been reset to the starter code.");
  }

  const serverStatus = serverCheckMessage(serverCheck, lastRun, completed);
  const languageName = LANGUAGE_NAMES[language];
  const usesInput = language === "python" ? "input()" : "prompt()";
  const loading = runtime?.status === "loading" || runtime?.status === "starting";
  const progress = loading && language === "python" ? (runtime?.progress ?? null) : null;
  const runtimeMessage = loading
    ? language === "python"
      ? pythonLoadingAnnouncement(progress)
      : "Starting the code runner…"
    : runtime?.status === "failed"
      ? `${languageName} could not be started in this browser. ${runtime.message ?? ""} Reload the page to try again.`
      : runtime?.status === "ready"
        ? `${languageName} is ready.`
        : "";

  return (
    <div className="code-exercise" data-language={language}>
      {completed ? (
        <p className="completed-note" role="status">
          <span aria-hidden="true">✓ </span>You have completed this activity. You can keep practising: your code is still saved.
        </p>
      ) : lastRun ? (
        <p className="muted">
          {lastRun.passed ? "Your last check passed" : "You last ran this"} on {formatDate(lastRun.createdAt, "dateTime")}.
        </p>
      ) : null}

      {notice ? (
        <p className="exercise-notice" role="status">
          {notice}
        </p>
      ) : null}

      {kind === "predict" && exercise.predict ? (
        <section className="exercise-predict" aria-labelledby="predict-heading">
          <h2 id="predict-heading">1. Predict</h2>
          <div className="field">
            <label htmlFor="prediction">{exercise.predict.question}</label>
            <span className="hint" id="prediction-hint">
              Write your prediction before you run the program. You will see it next to what the program really printed.
            </span>
            <textarea
              ref={predictionBox}
              id="prediction"
              rows={4}
              value={prediction}
              readOnly={predicted}
              aria-describedby="prediction-hint"
              onChange={(e) => {
                setPrediction(e.target.value);
                writeLocal(predictionKey, { text: e.target.value, saved: false });
              }}
            />
          </div>
          {interactive ? (
            predicted ? (
              <p className="muted">
                Prediction saved.{" "}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setPredicted(false);
                    writeLocal(predictionKey, { text: prediction, saved: false });
                    predictionBox.current?.focus();
                  }}
                >
                  Change my prediction
                </button>
              </p>
            ) : (
              <Button
                type="button"
                variant="secondary"
                onClick={() => {
                  if (!prediction.trim()) return predictionBox.current?.focus();
                  setPredicted(true);
                  writeLocal(predictionKey, { text: prediction, saved: true });
                }}
              >
                Save my prediction
              </Button>
            )
          ) : null}
          <h2>2. Run{tests.length > 0 ? ", then modify" : ""}</h2>
        </section>
      ) : null}

      {puzzle && parsons ? (
        <ParsonsBoard
          puzzle={puzzle}
          state={parsons}
          disabled={!interactive || running !== null}
          onChange={(next) => {
            setParsons(next);
            setNotice(null); // "back in their starting order" (or "we loaded…") no longer describes the lines
            saveDraft(JSON.stringify(next));
          }}
        />
      ) : (
        <CodeEditor
          ref={editor}
          id="exercise-code"
          language={language}
          initialValue={initialCode}
          readOnly={locked}
          label={kind === "predict" ? `The program (${languageName})` : `Your code (${languageName})`}
          describedBy={locked ? "exercise-locked" : undefined}
          onChange={(value) => {
            code.current = value;
            saveDraft(value);
          }}
        />
      )}
      {locked && interactive ? (
        <p className="hint" id="exercise-locked">
          {mustPredictMessage}
        </p>
      ) : null}

      {interactive ? null : (
        // Rendered by the server and gone once the page's JavaScript runs, so it stays only for people without it.
        <p className="exercise-notice">
          Running and checking code needs JavaScript. If this message stays, JavaScript is turned off or blocked in this browser: you can
          read the exercise and the code, but not run it.
        </p>
      )}

      {interactive ? (
        <>
          {kind !== "parsons" && !runtime?.interactive ? (
            <details className="exercise-input">
              <summary>Input for Run: if your program calls {usesInput}, type the answers here first</summary>
              <div className="field">
                <label htmlFor="exercise-input">Answers to {usesInput}, one per line</label>
                <span className="hint" id="exercise-input-hint">
                  In this browser a running program cannot stop to ask you, so type its answers before you press Run: the first time your
                  program calls {usesInput} it gets the first line, the second time the second line, and so on. Check uses the
                  exercise&apos;s own input{exercise.inputs.length ? `: ${exercise.inputs.join(", ")}` : " (none)"}.
                </span>
                <textarea
                  id="exercise-input"
                  rows={3}
                  value={runInput}
                  aria-describedby="exercise-input-hint"
                  onChange={(e) => setRunInput(e.target.value)}
                />
              </div>
            </details>
          ) : null}

          <div className="exercise-actions">
            <Button
              type="button"
              variant={tests.length > 0 ? "secondary" : "primary"}
              onClick={() => void go("run")}
              aria-disabled={running !== null || undefined}
            >
              Run
            </Button>
            {tests.length > 0 ? (
              <Button type="button" onClick={() => void go("check")} aria-disabled={running !== null || undefined}>
                Check my {puzzle ? "program" : "code"}
              </Button>
            ) : null}
            {running ? (
              <Button
                type="button"
                variant="danger"
                onClick={() => {
                  getSandbox(language).stop();
                  asking?.answer(null);
                }}
              >
                Stop
              </Button>
            ) : null}
            {confirmReset ? null : (
              <Button type="button" variant="link" onClick={() => setConfirmReset(true)}>
                {puzzle ? "Start again" : "Reset to starter code"}
              </Button>
            )}
          </div>
          {confirmReset ? (
            <ResetConfirmation
              question={
                puzzle
                  ? "Put every line back in its starting order?"
                  : "Replace your code with the starter code? You can undo this in the editor with Ctrl+Z."
              }
              confirmLabel={puzzle ? "Yes, start again" : "Yes, reset my code"}
              onConfirm={reset}
              onCancel={() => setConfirmReset(false)}
            />
          ) : null}
          {progress ? (
            // Shown as it happens, but not a live region: the status below announces it a quarter at a time.
            <div className="runtime-progress">
              <p className="hint" id="runtime-progress-text" data-testid="runtime-progress">
                {pythonProgressText(progress)}
              </p>
              <progress value={progress.loaded} max={progress.total} aria-labelledby="runtime-progress-text" />
            </div>
          ) : null}
          <p className={progress ? "visually-hidden" : "hint"} role="status" data-testid="runtime-status">
            {runtimeMessage}
          </p>
        </>
      ) : null}

      {interactive ? <ExerciseHints hintsHtml={exercise.hintsHtml} storageKey={hintsKey} /> : null}

      {comparison ? (
        <section className="exercise-compare" aria-labelledby="compare-heading">
          <h2 id="compare-heading">Your prediction and the output</h2>
          <div className="exercise-compare__columns">
            <div>
              <h3>You predicted</h3>
              <pre tabIndex={0}>{comparison.prediction || " "}</pre>
            </div>
            <div>
              <h3>The program printed</h3>
              <pre tabIndex={0}>{comparison.output || " "}</pre>
            </div>
          </div>
          <p>
            {normalise(comparison.prediction) === normalise(comparison.output)
              ? "Your prediction matches the output exactly."
              : "Your prediction and the output differ. Where do they first differ, and what does that tell you about how the program works?"}
          </p>
        </section>
      ) : null}

      {interactive ? (
        <RunResults
          result={result}
          running={running}
          asking={asking}
          completed={completed}
          completedBefore={resultCompletedBefore}
          onGoToLine={(line) => editor.current?.goToLine(line)}
        />
      ) : null}
      {interactive ? (
        <p
          className={`exercise-server-check${serverStatus ? ` is-${serverStatus.tone}` : ""}`}
          role="status"
          aria-live="polite"
          data-testid="server-check"
        >
          {running ? "" : (serverStatus?.text ?? "")}
        </p>
      ) : null}
    </div>
  );
}
