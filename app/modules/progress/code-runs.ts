/**
 * What the browser reports after running a code exercise, and what of it is kept (ExerciseRun.results).
 * Pure. The report is only what the browser said: the server re-runs the code itself and only its
 * own verdict counts (code-verification.server.ts; docs/decisions/0021-server-verified-code-runs.md).
 */
import { z } from "zod";
import { OUTPUT_LIMIT_CHARS } from "~/modules/exercises/harness.ts";

/** Longest program a learner can save or run (characters). */
export const CODE_MAX_LENGTH = 100_000;
/** How much of a run's output is kept with the run. */
export const STORED_OUTPUT_CHARS = 10_000;

export const CodeRunReportSchema = z.object({
  mode: z.enum(["run", "check"]),
  status: z.enum(["passed", "failed", "ran", "error", "timeout", "stopped", "unavailable"]),
  passed: z.boolean(),
  tests: z.array(z.object({ name: z.string().max(200), passed: z.boolean() })).max(100),
  error: z.object({ message: z.string().max(2_000), line: z.number().int().nullable() }).nullable(),
  stdout: z.string().max(OUTPUT_LIMIT_CHARS),
  /** For predict exercises: what the learner predicted before running. */
  prediction: z.string().max(5_000).optional(),
});
export type CodeRunReport = z.infer<typeof CodeRunReportSchema>;

/** The server's check of a run, kept with it (absent on runs recorded before the server checked them). */
export type StoredServerCheck = {
  verification: "verified" | "not-needed" | "unavailable";
  message: string | null;
  check?: { status: CodeRunReport["status"]; passed: boolean; tests: { name: string; passed: boolean }[]; ms: number };
};

export type StoredRunResults = Omit<CodeRunReport, "stdout"> & { stdout: string; stdoutTruncated: boolean; server?: StoredServerCheck };

/** The report as stored: output shortened to STORED_OUTPUT_CHARS. */
export function storedRunResults(report: CodeRunReport): StoredRunResults {
  const truncated = report.stdout.length > STORED_OUTPUT_CHARS;
  return { ...report, stdout: truncated ? report.stdout.slice(0, STORED_OUTPUT_CHARS) : report.stdout, stdoutTruncated: truncated };
}
