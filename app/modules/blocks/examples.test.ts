import { describe, expect, test } from "vitest";
import { DEMO_GOALS, EXAMPLE_PROGRAMS } from "./examples.ts";
import { runAndCheck } from "./goals.ts";
import { parseProgram } from "./program.ts";

describe("the block demo's examples", () => {
  test("every example is a program the editor and the server accept as it is", () => {
    for (const [key, { program }] of Object.entries(EXAMPLE_PROGRAMS)) {
      expect(parseProgram(JSON.parse(JSON.stringify(program))), key).toEqual(program);
    }
  });

  test("the square example meets the demo exercise's goals; the empty program does not", () => {
    expect(runAndCheck(EXAMPLE_PROGRAMS.square!.program, DEMO_GOALS).report.passed).toBe(true);
    expect(runAndCheck(EXAMPLE_PROGRAMS.empty!.program, DEMO_GOALS).report.passed).toBe(false);
  });
});
