/**
 * The exercise checks courses:check runs on every module that loaded cleanly: each block exercise's
 * goals, and each code exercise's tests in the sandbox (starter and wrong solutions must fail, the
 * solution must pass). Made in one place so the command line and drafts authored in the browser run
 * the same checks (app/modules/catalog/check-courses.server.ts runs them).
 *
 * This folder, course-checks, is where course content meets the exercises: it imports from both
 * app/modules/catalog and app/modules/exercises, so neither of those imports the other back.
 */
import type { CourseCheckStep } from "../catalog/check-courses.server.ts";
import { checkBlockExercises } from "./check-blocks.server.ts";
import { createExerciseCheck, type ReadActivitySource } from "./check-exercises.server.ts";

/**
 * The steps, and `close` to stop the sandbox when done (it starts only when a code exercise runs).
 * `readSource` reads an activity's file (from disk by default; a draft passes its own files).
 */
export function createExerciseSteps(readSource?: ReadActivitySource): { steps: CourseCheckStep[]; close: () => Promise<void> } {
  const code = createExerciseCheck(undefined, readSource);
  return { steps: [code.step, checkBlockExercises], close: code.close };
}
