import { describe, expect, test } from "vitest";
import { checkGoals, type Goal, GoalSchema, runAndCheck } from "./goals.ts";
import type { Program, Statement } from "./program.ts";

const onFlag = (...body: Statement[]): Program => ({ version: 1, scripts: [{ type: "event_whenflagclicked", body }] });
const side = (steps: number): Statement[] => [
  { type: "motion_movesteps", steps },
  { type: "motion_turnleft", degrees: 90 },
];
const squareWithRepeat = onFlag({ type: "control_repeat", times: 4, body: side(100) });
const squareLongHand = onFlag(...side(100), ...side(100), ...side(100), ...side(100));

/** "Draw a square of side 100 anticlockwise, using a loop, in at most 5 blocks." */
const squareGoals: Goal[] = [
  {
    type: "visits",
    points: [
      { x: 100, y: 0 },
      { x: 100, y: 100 },
      { x: 0, y: 100 },
    ],
    inOrder: true,
  },
  { type: "position", x: 0, y: 0 },
  { type: "direction", direction: 90 },
  { type: "usesBlocks", blocks: ["control_repeat"] },
  { type: "maxBlocks", count: 5 },
  { type: "finishes" },
];

describe("goals", () => {
  test("the reference solution meets every goal, with readable messages", () => {
    const { report } = runAndCheck(squareWithRepeat, squareGoals);
    expect(report.passed).toBe(true);
    expect(report.summary).toBe("Well done: your program meets all 6 goals.");
    expect(report.results.map((r) => r.message)).toEqual([
      "The sprite went through all 3 points in order.",
      "The sprite finished at x 0, y 0.",
      "The sprite finished pointing in direction 90 (right).",
      "Your program uses the “repeat” block.",
      "Your program uses 4 blocks; up to 5 are allowed.",
      // Scratch draws a frame after each round of the loop: 4 rounds and the frame that ends it, at 30 a second.
      "Your program finished after 0.13 seconds.",
    ]);
  });

  test("a square without a loop draws the shape but fails the block goals", () => {
    const { report } = runAndCheck(squareLongHand, squareGoals);
    expect(report.passed).toBe(false);
    expect(report.summary).toBe("Not yet: 2 of 6 goals are not met.");
    const failed = report.results.filter((r) => !r.passed).map((r) => r.message);
    expect(failed).toEqual([
      "Your program should use the “repeat” block.",
      "Your program uses 9 blocks, but it should use at most 5. Can a loop do some of the work?",
    ]);
  });

  test("the starter (just the green flag) fails the movement goals", () => {
    const { report } = runAndCheck(onFlag(), squareGoals.slice(0, 2));
    expect(report.results.map((r) => [r.passed, r.message])).toEqual([
      [false, "The sprite should go through x 100, y 0, x 100, y 100 and x 0, y 100, but it did not."],
      [true, "The sprite finished at x 0, y 0."],
    ]);
  });

  test("turning the wrong way: points out of order and the wrong finishing direction", () => {
    const clockwise = onFlag({
      type: "control_repeat",
      times: 3,
      body: [
        { type: "motion_movesteps", steps: 100 },
        { type: "motion_turnright", degrees: 90 },
      ],
    });
    const { report } = runAndCheck(clockwise, [
      {
        type: "visits",
        points: [
          { x: 100, y: -100 },
          { x: 100, y: 0 },
        ],
        inOrder: true,
      },
      { type: "position", x: 100, y: 100, tolerance: 5 },
      { type: "direction", direction: 90 },
    ]);
    expect(report.results.map((r) => r.message)).toEqual([
      "The sprite went through every point, but not in order: it should reach x 100, y 0 after x 100, y -100.",
      "The sprite should finish at x 100, y 100, but it finished at x 0, y -100.",
      "The sprite should finish pointing in direction 90 (right), but it points in direction 0 (up).",
    ]);
  });

  test("a point in the middle of a line counts as visited, like a pen's trail", () => {
    const { report } = runAndCheck(onFlag({ type: "motion_glidesecstoxy", seconds: 1, x: 200, y: 0 }), [
      { type: "visits", points: [{ x: 120, y: 0.5 }] },
    ]);
    expect(report.results[0]).toMatchObject({ passed: true, message: "The sprite went through the point." });
  });

  test("said: ignores case and spacing, and says what was said instead", () => {
    const program = onFlag({ type: "looks_sayforsecs", message: "  hello   WORLD ", seconds: 1 });
    expect(runAndCheck(program, [{ type: "said", text: "Hello world" }]).report.passed).toBe(true);
    const { report } = runAndCheck(program, [{ type: "said", text: "Goodbye" }]);
    expect(report.results[0]?.message).toBe("The sprite should say “Goodbye”, but it said “  hello   WORLD ”.");
    expect(runAndCheck(onFlag(), [{ type: "said", text: "Hi" }]).report.results[0]?.message).toBe(
      "The sprite should say “Hi”, but it did not say anything.",
    );
  });

  test("finishes: a forever loop fails with the step limit explained", () => {
    const { report } = runAndCheck(onFlag({ type: "control_forever", body: [] }), [{ type: "finishes" }], { stepLimit: 100 });
    expect(report.results[0]?.message).toBe(
      "Your program should finish by itself, but it was stopped after 100 blocks. Is there a forever loop?",
    );
  });

  test("checkGoals can reuse a run, and goals parse from exercise JSON", () => {
    const { run } = runAndCheck(squareWithRepeat, []);
    expect(checkGoals(squareWithRepeat, run, [{ type: "position", x: 0, y: 0 }]).passed).toBe(true);
    expect(GoalSchema.parse({ type: "usesBlocks", blocks: ["control_repeat"] })).toEqual({
      type: "usesBlocks",
      blocks: ["control_repeat"],
    });
    expect(GoalSchema.safeParse({ type: "usesBlocks", blocks: ["no_such_block"] }).success).toBe(false);
    expect(GoalSchema.safeParse({ type: "teleport" }).success).toBe(false);
  });
});
