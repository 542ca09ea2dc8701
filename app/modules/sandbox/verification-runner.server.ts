/**
 * Which host runs learners' code when the server verifies a code exercise's result
 * (docs/decisions/0021-server-verified-code-runs.md). Learner code never runs in the server's own
 * process: it runs only in the sandbox's isolation boundary (sandbox.server.ts), which answers
 * "unavailable" where it cannot confine code (no bubblewrap): such runs are recorded as "could not
 * be checked", never counted.
 *
 * Each verification opens its own runner and closes it when done, so one learner's code never
 * shares an interpreter with another's (the harness's Python defences rely on that).
 */
import { createSandboxRunner } from "./sandbox.server.ts";
import type { ExecuteRun } from "../exercises/harness.ts";

export type VerificationRunner = { execute: ExecuteRun; close: () => void | Promise<void> };

/** Opens an isolated runner for one verification: one sandbox job (a confined child), closed afterwards. */
const openIsolatedRunner: (() => VerificationRunner) | null = () => createSandboxRunner();

/** Tests put their own runner in place (undefined: the isolated one; null: none available). */
let injected: VerificationRunner | null | undefined;

/** A runner for one verification (close it when done), or null when the server has none. */
export function openVerificationRunner(): VerificationRunner | null {
  if (injected !== undefined) return injected && { execute: injected.execute, close: () => undefined };
  return openIsolatedRunner ? openIsolatedRunner() : null;
}

/**
 * Puts another runner in place for every verification (tests; null means "none available",
 * undefined the isolated runner again). Returns what it replaced so a test can put it back.
 */
export function setVerificationRunner(next: VerificationRunner | null | undefined): VerificationRunner | null | undefined {
  const previous = injected;
  injected = next;
  return previous;
}
