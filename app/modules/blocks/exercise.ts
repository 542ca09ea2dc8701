/**
 * A block exercise as a whole: its published definition (toolbox, limits, start, goals) and the one
 * rule that decides whether a learner's program meets it. Pure, so the same function runs in the
 * lesson page (Check my program), on the server before it completes the activity (the browser's
 * verdict is never trusted) and in courses:check, which also proves each exercise works
 * (`checkBlocksDefinition`). See docs/decisions/0010-scratch-style-blocks.md.
 */
import { type Goal, runAndCheck } from "./goals.ts";
import { type RunResult, valueToString } from "./interpreter.ts";
import { BLOCKS, type BlockType, blockTypesUsed, countBlocks, type Program, variablesOf } from "./program.ts";
import { type Scene, sceneProblems } from "./scene.ts";

/** What the lesson player and the server need to run and check a learner's program. */
export type BlocksExerciseRules = {
  toolbox: BlockType[];
  maxBlocks?: number;
  start: { x: number; y: number; direction: number };
  stepLimit?: number;
  goals: Goal[];
  /** What the stage shows behind the sprite (scene.ts); it never changes what passes. */
  scene?: Scene;
};

export type BlocksCheckResult = { passed: boolean; message: string };
export type BlocksCheck = { passed: boolean; summary: string; results: BlocksCheckResult[]; run: RunResult };

const blockName = (type: BlockType) => `“${BLOCKS[type].label}”`;

/** Blocks the program uses that the exercise's toolbox does not offer, in first-seen order. */
export function blocksOutsideToolbox(program: Program, toolbox: readonly BlockType[]): BlockType[] {
  const offered = new Set(toolbox);
  return [...blockTypesUsed(program)].filter((type) => !offered.has(type));
}

/**
 * Runs the program from the exercise's start (seeded random, the exercise's step limit) and checks
 * it: every goal, plus only toolbox blocks and at most `maxBlocks` blocks. Each result has a
 * sentence for the learner.
 *
 * Scratch keeps variables' values between runs, so a program with variables is checked as a
 * learner would try it twice: first on a freshly loaded project (every variable 0), then with the
 * green flag clicked again (the sprite back at the start, as the stage puts it, and the variables
 * as the first run left them). Both runs must meet the goals, so a program that forgets to set its
 * variables at the start fails, as it would in Scratch. See docs/decisions/0043-blocks-run-like-scratch.md.
 */
export function checkBlocksExercise(exercise: BlocksExerciseRules, program: Program): BlocksCheck {
  const goals = [...exercise.goals];
  if (exercise.maxBlocks !== undefined && !goals.some((g) => g.type === "maxBlocks" && g.count <= exercise.maxBlocks!)) {
    goals.push({ type: "maxBlocks", count: exercise.maxBlocks });
  }
  const options = { start: exercise.start, stepLimit: exercise.stepLimit };
  let { run, report } = runAndCheck(program, goals, options);
  let results: BlocksCheckResult[] = report.results.map(({ passed, message }) => ({ passed, message }));
  if (report.passed && variablesOf(program).length > 0) {
    const again = runAndCheck(program, goals, { ...options, variables: run.variables });
    if (!again.report.passed) {
      const values = Object.entries(run.variables)
        .map(([name, value]) => `${name} was ${valueToString(value)}`)
        .join(", ");
      ({ run, report } = again);
      results = [
        {
          passed: false,
          message: `Your program works the first time, but not when the green flag is clicked again: Scratch keeps variables' values between runs (${values}). Set each variable at the start of the program.`,
        },
        ...again.report.results.map(({ passed, message }) => ({ passed, message: passed ? message : `On the second run: ${message}` })),
      ];
    }
  }
  const outside = blocksOutsideToolbox(program, exercise.toolbox);
  if (outside.length > 0) {
    results.unshift({
      passed: false,
      message: `Your program uses ${outside.map(blockName).join(", ")}, which ${outside.length === 1 ? "is" : "are"} not part of this exercise. Remove ${outside.length === 1 ? "it" : "them"}.`,
    });
  }
  const failed = results.filter((r) => !r.passed).length;
  return {
    passed: failed === 0,
    results,
    run,
    summary:
      failed === 0
        ? `Well done: your program meets ${results.length === 1 ? "the goal" : `all ${results.length} goals`}.`
        : `Not yet: ${failed} of ${results.length} ${results.length === 1 ? "goal is" : "goals are"} not met.`,
  };
}

/** An exercise as written in its file: the rules plus the programs courses:check runs. */
export type BlocksExerciseDefinition = BlocksExerciseRules & { starting: Program; solution: Program; wrongSolutions?: Program[] };
export type DefinitionProblem = { path: (string | number)[]; message: string };

const failures = (check: BlocksCheck) =>
  check.results
    .filter((r) => !r.passed)
    .map((r) => r.message)
    .join(" ");

/**
 * What is wrong with an exercise, for its author (courses:check): the solution must pass, use only
 * toolbox blocks and fit within maxBlocks; the starting program must use only toolbox blocks and
 * fail; each known-wrong solution must fail; the scene agrees with the goals (scene.ts).
 */
export function checkBlocksDefinition(exercise: BlocksExerciseDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const notOffered = (program: Program, what: string, path: string) => {
    const outside = blocksOutsideToolbox(program, exercise.toolbox);
    if (outside.length > 0) {
      problems.push({
        path: [path],
        message: `${what} uses ${outside.map((t) => `${t} (${blockName(t)})`).join(", ")}, which ${outside.length === 1 ? "is" : "are"} not in the toolbox. Add ${outside.length === 1 ? "it" : "them"} to toolbox or change ${what.toLowerCase()}.`,
      });
    }
  };

  notOffered(exercise.solution, "The solution", "solution");
  const count = countBlocks(exercise.solution);
  if (exercise.maxBlocks !== undefined && count > exercise.maxBlocks) {
    problems.push({
      path: ["maxBlocks"],
      message: `The solution has ${count} blocks, but maxBlocks is ${exercise.maxBlocks}, so learners could not build it. Raise maxBlocks or shorten the solution.`,
    });
  }
  const solution = checkBlocksExercise(
    { ...exercise, toolbox: [...exercise.toolbox, ...blockTypesUsed(exercise.solution)] },
    exercise.solution,
  );
  if (!solution.passed) {
    problems.push({
      path: ["solution"],
      message: `The solution does not meet every goal: ${failures(solution)} Fix the solution or the goals.`,
    });
  }

  notOffered(exercise.starting, "The starting program", "starting");
  if (checkBlocksExercise(exercise, exercise.starting).passed) {
    problems.push({
      path: ["starting"],
      message:
        "The starting program already meets every goal, so learners would complete this without changing anything. Change the starting program or add a goal.",
    });
  }

  (exercise.wrongSolutions ?? []).forEach((wrong, index) => {
    if (checkBlocksExercise(exercise, wrong).passed) {
      problems.push({
        path: ["wrongSolutions", index],
        message:
          "This known-wrong solution meets every goal, so the goals do not catch this mistake. Add a goal (or tighten one) that does.",
      });
    }
  });
  problems.push(...sceneProblems(exercise.scene, exercise));
  return problems;
}
