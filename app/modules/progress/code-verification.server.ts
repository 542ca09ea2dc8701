/**
 * The server's own check of a code exercise's run (docs/decisions/0021-server-verified-code-runs.md). What
 * the browser reports is kept as "what the browser said"; only this check counts towards completion
 * and so towards certificates. The learner's code is re-run against the PUBLISHED tests and inputs
 * of the activity, in verification mode (harness.ts), through the isolated runner
 * (verification-runner.server.ts).
 *
 * Verification runs inline, in the request that records the run, behind a global queue: at most
 * VERIFY_CONCURRENCY checks at a time, at most VERIFY_QUEUE_LIMIT waiting, and one at a time per
 * learner. A check that cannot start (no runner, queue full, one already running for the learner)
 * or that the runner could not finish is "unavailable": the run is recorded, the activity is not
 * completed, and the learner is told why.
 */
import type { StoredCode } from "~/modules/catalog/activity-data.ts";
import { checkProgram, runCompletesActivity, runProgram, type ExecuteRun, type RunResult } from "~/modules/exercises/harness.ts";
import { assembleParsons, parseParsonsState } from "~/modules/exercises/parsons.ts";
import { openVerificationRunner } from "~/modules/sandbox/verification-runner.server.ts";

/** Checks running at once (the machine has few cores; each check is CPU-bound). */
export const VERIFY_CONCURRENCY = 2;
/** Checks waiting for a turn; beyond this the server says it is busy rather than pile up requests. */
export const VERIFY_QUEUE_LIMIT = 20;
/** All of one check's runs (the program, then each test) together; later runs count as timed out. */
export const VERIFY_TIME_BUDGET_MS = 30_000;

export type ServerCheck = {
  status: RunResult["status"];
  passed: boolean;
  tests: { name: string; passed: boolean }[];
  /** How long the check took. */
  ms: number;
};

export type CodeVerdict =
  /** The server ran the code: `completes` is its own decision. */
  | { verification: "verified"; passed: boolean; completes: boolean; check: ServerCheck; message: string }
  /** Not run: what the browser reported would not complete the activity (or it is complete already). */
  | { verification: "not-needed"; passed: false; completes: false; message: string | null }
  /** Could not be checked now: recorded, not counted. */
  | { verification: "unavailable"; passed: false; completes: false; message: string };

const UNAVAILABLE = {
  noRunner:
    "Your run was saved, but the server cannot check code at the moment, so this activity is not complete yet. Check your code again later.",
  busy: "Your run was saved, but the server is busy checking other code, so this activity is not complete yet. Check your code again in a minute.",
  pending: "Your run was saved, but the server is still checking your previous run. Wait a moment, then check your code again.",
  failed: "Your run was saved, but the server could not check it, so this activity is not complete yet. Check your code again later.",
};

// The queue: a count of running checks, the checks waiting for a turn, and learners with one under way.
let running = 0;
const waiting: (() => void)[] = [];
const learnersChecking = new Set<string>();

function release() {
  running--;
  const next = waiting.shift();
  if (next) {
    running++;
    next();
  }
}

/** Waits for a turn; false when the queue is full. */
async function takeTurn(): Promise<boolean> {
  if (running < VERIFY_CONCURRENCY) {
    running++;
    return true;
  }
  if (waiting.length >= VERIFY_QUEUE_LIMIT) return false;
  await new Promise<void>((resolve) => waiting.push(resolve));
  return true;
}

/** The program a run stands for: the code, or for a Parsons problem the arrangement spelt out. */
export function programOf(exercise: StoredCode, code: string): string {
  if (!exercise.parsons) return code;
  const state = parseParsonsState(code, exercise.parsons.blocks.length);
  return state ? assembleParsons(exercise.parsons, state) : "";
}

/** A host that refuses (as timed out) every run that starts after the check's time budget. */
function withBudget(execute: ExecuteRun, budgetMs: number): ExecuteRun {
  const deadline = Date.now() + budgetMs;
  return (run) => (Date.now() >= deadline ? Promise.resolve({ kind: "timeout" as const }) : execute(run));
}

/**
 * Decides what a reported run counts for. `claimed`: what the browser's report would complete
 * (the shared rule); only then, and only if the activity is not complete already, is the code run.
 */
export async function verifyCodeRun({
  userId,
  exercise,
  code,
  claimed,
  predicted,
  alreadyComplete,
}: {
  userId: string;
  exercise: StoredCode;
  code: string;
  claimed: boolean;
  predicted: boolean;
  alreadyComplete: boolean;
}): Promise<CodeVerdict> {
  if (!claimed) return { verification: "not-needed", passed: false, completes: false, message: null };
  if (alreadyComplete) {
    return {
      verification: "not-needed",
      passed: false,
      completes: false,
      message: "You have completed this activity already, so this run was not checked again on the server.",
    };
  }
  if (learnersChecking.has(userId)) return { verification: "unavailable", passed: false, completes: false, message: UNAVAILABLE.pending };
  learnersChecking.add(userId);
  try {
    if (!(await takeTurn())) return { verification: "unavailable", passed: false, completes: false, message: UNAVAILABLE.busy };
    const started = performance.now();
    let result: RunResult;
    let runner: ReturnType<typeof openVerificationRunner> = null;
    try {
      runner = openVerificationRunner();
      if (!runner) return { verification: "unavailable", passed: false, completes: false, message: UNAVAILABLE.noRunner };
      const execute = withBudget(runner.execute, VERIFY_TIME_BUDGET_MS);
      const program = { language: exercise.language, code: programOf(exercise, code), inputs: exercise.inputs, verification: true };
      result =
        exercise.kind === "predict" && exercise.tests.length === 0
          ? await runProgram(execute, program)
          : await checkProgram(execute, { ...program, tests: exercise.tests });
    } catch {
      return { verification: "unavailable", passed: false, completes: false, message: UNAVAILABLE.failed };
    } finally {
      release();
      await Promise.resolve(runner?.close()).catch(() => undefined);
    }
    if (result.status === "unavailable" || result.status === "stopped") {
      return { verification: "unavailable", passed: false, completes: false, message: UNAVAILABLE.failed };
    }
    const completes = runCompletesActivity({ kind: exercise.kind, testCount: exercise.tests.length }, result, predicted);
    const check: ServerCheck = {
      status: result.status,
      passed: result.passed,
      tests: result.tests.map((t) => ({ name: t.name, passed: t.passed })),
      ms: Math.round(performance.now() - started),
    };
    return {
      verification: "verified",
      passed: result.passed,
      completes,
      check,
      message: completes
        ? "Checked on the server: this activity is complete."
        : "Checked on the server: your code did not pass there, so this activity is not complete yet.",
    };
  } finally {
    learnersChecking.delete(userId);
  }
}
