import { describe, expect, it } from "vitest";
import { type BlocksExerciseDefinition, checkBlocksDefinition, checkBlocksExercise } from "./exercise.ts";
import type { Program, Statement } from "./program.ts";

const flag = (...body: Statement[]): Program => ({ version: 1, scripts: [{ type: "event_whenflagclicked", body }] });
const move = (steps: number): Statement => ({ type: "motion_movesteps", steps });
const turn = (degrees: number): Statement => ({ type: "motion_turnright", degrees });
const square = flag({ type: "control_repeat", times: 4, body: [move(100), turn(90)] });

const exercise: BlocksExerciseDefinition = {
  toolbox: ["event_whenflagclicked", "motion_movesteps", "motion_turnright", "control_repeat"],
  maxBlocks: 6,
  start: { x: -100, y: 0, direction: 90 },
  goals: [
    { type: "position", x: -100, y: 0 },
    { type: "usesBlocks", blocks: ["control_repeat"] },
  ],
  starting: flag(),
  solution: square,
  wrongSolutions: [flag({ type: "control_repeat", times: 3, body: [move(100), turn(90)] })],
};

describe("checking a learner's block program", () => {
  it("passes a program that meets every goal, from the exercise's start, within the block limit", () => {
    const check = checkBlocksExercise(exercise, square);
    expect(check.passed).toBe(true);
    expect(check.summary).toBe("Well done: your program meets all 3 goals.");
    expect(check.results.map((r) => r.message)).toEqual([
      "The sprite finished at x -100, y 0.",
      "Your program uses the “repeat” block.",
      "Your program uses 4 blocks; up to 6 are allowed.",
    ]);
    expect(check.run.sprite).toMatchObject({ x: -100, y: 0 });
  });

  it("checks a program with variables on a second run too, as Scratch keeps their values: forgetting to set one fails", () => {
    const rocket: BlocksExerciseDefinition = {
      toolbox: [
        "event_whenflagclicked",
        "motion_movesteps",
        "control_repeat",
        "data_setvariableto",
        "data_changevariableby",
        "data_variable",
      ],
      start: { x: -200, y: 0, direction: 90 },
      goals: [{ type: "position", x: -50, y: 0 }],
      starting: flag(),
      solution: flag(
        { type: "data_setvariableto", name: "speed", value: 0 },
        {
          type: "control_repeat",
          times: 5,
          body: [
            { type: "data_changevariableby", name: "speed", by: 10 },
            { type: "motion_movesteps", steps: { type: "data_variable", name: "speed" } },
          ],
        },
      ),
    };
    expect(checkBlocksExercise(rocket, rocket.solution).passed).toBe(true);
    const forgetful = flag({
      type: "control_repeat",
      times: 5,
      body: [
        { type: "data_changevariableby", name: "speed", by: 10 },
        { type: "motion_movesteps", steps: { type: "data_variable", name: "speed" } },
      ],
    });
    const check = checkBlocksExercise(rocket, forgetful);
    expect(check.passed).toBe(false);
    expect(check.results.map((r) => r.message)).toEqual([
      "Your program works the first time, but not when the green flag is clicked again: Scratch keeps variables' values between runs (speed was 50). Set each variable at the start of the program.",
      "On the second run: The sprite should finish at x -50, y 0, but it finished at x 200, y 0.",
    ]);
    expect(check.run.variables).toEqual({ speed: 100 });
  });

  it("fails a program with too many blocks, even though it ends in the right place", () => {
    const long = flag({ type: "control_repeat", times: 1, body: [] }, ...[1, 2, 3, 4].flatMap(() => [move(100), turn(90)]));
    const check = checkBlocksExercise(exercise, long);
    expect(check.passed).toBe(false);
    expect(check.results.filter((r) => !r.passed).map((r) => r.message)).toEqual([
      "Your program uses 10 blocks, but it should use at most 6. Can a loop do some of the work?",
    ]);
  });

  it("fails a program that uses blocks the exercise does not offer (e.g. a forged or out-of-date draft)", () => {
    const glide: Program = flag(
      { type: "control_repeat", times: 1, body: [] },
      { type: "motion_glidesecstoxy", seconds: 1, x: -100, y: 0 },
    );
    const check = checkBlocksExercise(exercise, glide);
    expect(check.passed).toBe(false);
    expect(check.results[0]).toEqual({
      passed: false,
      message: "Your program uses “glide to x y”, which is not part of this exercise. Remove it.",
    });
    expect(check.summary).toBe("Not yet: 1 of 4 goals are not met.");
  });

  it("keeps the step limit: a forever loop is stopped and judged, never hangs", () => {
    const forever = flag({ type: "control_forever", body: [turn(90)] });
    const check = checkBlocksExercise({ ...exercise, toolbox: [...exercise.toolbox, "control_forever"], stepLimit: 500 }, forever);
    expect(check.run.stopReason).toBe("step-limit");
    expect(check.passed).toBe(false);
  });
});

describe("checking an exercise definition (courses:check)", () => {
  it("accepts a working exercise", () => {
    expect(checkBlocksDefinition(exercise)).toEqual([]);
  });

  it("reports a failing solution, a passing starter, a passing wrong solution and blocks outside the toolbox", () => {
    const problems = checkBlocksDefinition({
      ...exercise,
      maxBlocks: 3,
      starting: flag({ type: "looks_say", message: "Hi" }, { type: "control_repeat", times: 4, body: [move(100), turn(90)] }),
      solution: flag({ type: "control_repeat", times: 4, body: [move(100), { type: "motion_turnleft", degrees: 90 }] }),
      wrongSolutions: [flag({ type: "control_repeat", times: 0, body: [] }), flag()], // an empty loop ends where it starts
    });
    expect(problems).toEqual([
      {
        path: ["solution"],
        message: "The solution uses motion_turnleft (“turn left”), which is not in the toolbox. Add it to toolbox or change the solution.",
      },
      {
        path: ["maxBlocks"],
        message: "The solution has 4 blocks, but maxBlocks is 3, so learners could not build it. Raise maxBlocks or shorten the solution.",
      },
      {
        path: ["solution"],
        message:
          "The solution does not meet every goal: Your program uses 4 blocks, but it should use at most 3. Can a loop do some of the work? Fix the solution or the goals.",
      },
      {
        path: ["starting"],
        message:
          "The starting program uses looks_say (“say”), which is not in the toolbox. Add it to toolbox or change the starting program.",
      },
      {
        path: ["wrongSolutions", 0],
        message:
          "This known-wrong solution meets every goal, so the goals do not catch this mistake. Add a goal (or tighten one) that does.",
      },
    ]);
  });

  it("reports a starting program that already meets the goals", () => {
    expect(checkBlocksDefinition({ ...exercise, starting: square, wrongSolutions: [] })).toEqual([
      {
        path: ["starting"],
        message:
          "The starting program already meets every goal, so learners would complete this without changing anything. Change the starting program or add a goal.",
      },
    ]);
  });
});
