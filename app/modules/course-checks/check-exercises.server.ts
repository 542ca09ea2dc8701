/**
 * The `courses:check` step that runs every code exercise (house style, habit 7): the reference
 * solution must pass its tests, the starter and every known-wrong solution must fail them. The runs
 * go through the same harness as the browser (harness.ts), run in the sandbox (../sandbox/sandbox.server.ts):
 * a confined child process, never this one, since the code is authors' (and drafts' authors are
 * anyone with the author role).
 *
 * Per kind (documented for authors in courses/README.md):
 * - write, find-the-bug: starter fails, solution passes, each wrong solution fails.
 * - predict with tests (predict, then modify): solution passes; the starter, when given, fails.
 * - predict without tests: there is nothing to pass, so the program shown (starter, or the
 *   solution when there is no starter) must finish within the time limit; an error is allowed,
 *   because predicting an error is a fair question.
 * - parsons: the correct lines and the solution pass; the starting arrangement fails.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { ActivityOf } from "../catalog/course-format/activity-types.ts";
import { formatPath, frontMatterFieldLine } from "../catalog/yaml-locations.ts";
import { type CourseProblem, type LoadedActivity, type LoadedModule } from "../catalog/load-course.server.ts";
import { checkProgram, predictProgram, runProgram, type ExecuteRun, type RunResult } from "../exercises/harness.ts";
import { assembleParsons, initialParsonsState, startingBlocks } from "../exercises/parsons.ts";
import { createSandboxRunner, type SandboxRunner } from "../sandbox/sandbox.server.ts";

type CodeActivity = LoadedActivity & ActivityOf<"code">;

/** Why a run did not pass, in a few words for the author. */
export function describeFailure(result: RunResult): string {
  if (result.status === "timeout") return "it was still running after the time limit (an endless loop?)";
  if (result.status === "unavailable") return result.error?.message ?? "the runtime could not be loaded";
  if (result.error) return `it stops with ${result.error.message}${result.error.line === null ? "" : ` on line ${result.error.line}`}`;
  const failed = result.tests.filter((t) => !t.passed);
  return failed.map((t) => `test "${t.name}" fails${t.detail ? ` (${t.detail})` : ""}`).join("; ");
}

async function checkExercise(execute: ExecuteRun, moduleFolder: string, source: string, exercise: CodeActivity): Promise<CourseProblem[]> {
  const file = `${moduleFolder}/${exercise.file}`;
  const problems: CourseProblem[] = [];
  const report = (keys: (string | number)[], message: string) => {
    const problem: CourseProblem = { file, path: formatPath(keys), message };
    const line = frontMatterFieldLine(source, keys);
    if (line !== undefined) problem.line = line;
    problems.push(problem);
  };
  const { language, inputs, tests, kind } = exercise;
  const check = (code: string) => checkProgram(execute, { language, code, inputs, tests });

  if (kind === "predict" && tests.length === 0) {
    const shown = predictProgram(exercise);
    const result = await runProgram(execute, { language, code: shown, inputs });
    if (result.status === "timeout" || result.status === "unavailable") {
      report(
        [exercise.starter?.trim() ? "starter" : "solution"],
        `The program learners predict about cannot be run: ${describeFailure(result)}. It must finish within the time limit.`,
      );
    }
    if (exercise.wrongSolutions?.length) {
      report(
        ["wrongSolutions"],
        "A predict exercise without tests has nothing for a wrong solution to fail. Add tests, or remove wrongSolutions.",
      );
    }
    return problems;
  }

  const solution = await check(exercise.solution);
  if (solution.status === "unavailable") {
    report(["solution"], `The exercise could not be checked: ${describeFailure(solution)}.`);
    return problems;
  }
  if (!solution.passed)
    report(["solution"], `The solution does not pass its own tests: ${describeFailure(solution)}. Fix the solution or the test.`);

  const starter = exercise.starter;
  if ((kind === "write" || kind === "find-the-bug" || kind === "predict") && starter !== undefined && starter.trim() !== "") {
    if ((await check(starter)).passed) {
      report(
        ["starter"],
        kind === "predict"
          ? "The starter already passes every test, so there is nothing to modify. Leave starter out (learners then predict the solution's output) or change it."
          : "The starter already passes every test, so learners would complete this without changing anything. Change the starter or make the tests stricter.",
      );
    }
  }
  if (kind === "write" && starter !== undefined && starter.trim() === "" && (await check(starter)).passed) {
    report(["tests"], "An empty program passes every test, so the tests check nothing. Make the tests stricter.");
  }

  if (kind === "parsons" && exercise.parsons) {
    const { lines, distractors } = exercise.parsons;
    const correct = await check(lines.join("\n"));
    if (!correct.passed)
      report(
        ["parsons", "lines"],
        `The lines in this order do not pass the tests: ${describeFailure(correct)}. Check the order and indentation.`,
      );
    const puzzle = {
      blocks: startingBlocks({ activityId: exercise.id, language, lines, distractors, starter }),
      indentable: language === "python",
    };
    if ((await check(assembleParsons(puzzle, initialParsonsState(puzzle.blocks.length)))).passed) {
      report(
        starter?.trim() ? ["starter"] : ["parsons", "lines"],
        "The blocks as learners first see them already pass every test. Make the tests stricter or give a starting order (starter) that fails.",
      );
    }
  }

  for (const [index, wrong] of (exercise.wrongSolutions ?? []).entries()) {
    if ((await check(wrong)).passed) {
      report(
        ["wrongSolutions", index],
        "This known-wrong solution passes every test, so the tests do not catch this mistake. Add a test that does.",
      );
    }
  }
  return problems;
}

/** Reads an activity file's text (for line numbers in messages); a module on disk by default. */
export type ReadActivitySource = (module: LoadedModule, file: string) => Promise<string>;
const readFromDisk: ReadActivitySource = (module, file) => fs.readFile(path.join(module.dir, file), "utf8");

/**
 * A check step for checkCourses (app/modules/catalog/check-courses.server.ts), and for drafts authored in the browser
 * (which pass their own `readSource`). One sandbox job per check run (Python is loaded on first use,
 * once); call close() at the end.
 */
export function createExerciseCheck(runner: SandboxRunner = createSandboxRunner(), readSource: ReadActivitySource = readFromDisk) {
  return {
    async step(module: LoadedModule): Promise<CourseProblem[]> {
      const problems: CourseProblem[] = [];
      for (const activity of module.activities) {
        if (activity.type !== "code") continue;
        const source = await readSource(module, activity.file);
        problems.push(...(await checkExercise(runner.execute, module.folder, source, activity as CodeActivity)));
      }
      return problems;
    },
    close: () => runner.close(),
  };
}
