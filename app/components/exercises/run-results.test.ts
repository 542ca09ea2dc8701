import { describe, expect, it } from "vitest";
import type { RunResult } from "~/modules/exercises/harness.ts";
import { completionNote, summariseResult } from "./run-results.tsx";

const base = { mode: "run", stdout: "", tests: [] } as const;
const syntaxError = {
  ...base,
  status: "error",
  passed: false,
  error: { message: "SyntaxError: invalid syntax", line: 2 },
} as unknown as RunResult;
const passed = {
  ...base,
  mode: "check",
  status: "passed",
  passed: true,
  tests: [{ name: "a", passed: true }],
} as unknown as RunResult;

describe("the result of a run beside an activity completed earlier", () => {
  it("a run that failed never says the activity is complete in its own sentence", () => {
    expect(summariseResult(syntaxError, true)).toBe("Your program stopped with an error on line 2: SyntaxError: invalid syntax");
    expect(summariseResult({ ...syntaxError, status: "failed", tests: [{ name: "a", passed: false }] } as RunResult, true)).not.toMatch(
      /complete/,
    );
    expect(summariseResult({ ...base, status: "ran", passed: false } as unknown as RunResult, true)).not.toMatch(/complete/);
  });

  it("says separately that the earlier completion still counts", () => {
    expect(completionNote(syntaxError, true, true)).toBe(
      "You completed this activity earlier. This run does not change that: your completion still counts.",
    );
    expect(completionNote(syntaxError, false, false)).toBeNull();
    // A predict exercise is completed by the run itself (even one that stopped with an error).
    expect(completionNote(syntaxError, true, false)).toBe("This activity is complete.");
  });

  it("a run that passed says so in its own sentence, and needs no separate note", () => {
    expect(summariseResult(passed, true)).toBe("All 1 check passed. Well done! This activity is complete.");
    expect(completionNote(passed, true, true)).toBeNull();
  });
});
