/**
 * Kept only so that existing callers compile: `NodeExerciseRunner` no longer runs anything in this
 * process (no `node:vm`, no worker thread). It is the sandbox's runner for one job
 * (../sandbox/sandbox.server.ts, docs/decisions/0027-server-side-code-runs-in-a-confined-child.md):
 * a confined child process. New code calls `createSandboxRunner()` directly.
 */
import { createSandboxRunner } from "../sandbox/sandbox.server.ts";
import { RUN_TIME_LIMIT_MS, type ExecuteRun } from "./harness.ts";

export class NodeExerciseRunner {
  private readonly runner;
  readonly execute: ExecuteRun;

  constructor(timeoutMs = RUN_TIME_LIMIT_MS) {
    this.runner = createSandboxRunner({ timeoutMs });
    this.execute = this.runner.execute;
  }

  close() {
    return this.runner.close();
  }
}
