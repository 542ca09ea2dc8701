/**
 * Checks course modules under courses/ and reports every problem.
 *
 *   npm run courses:check                      # every module
 *   tsx scripts/courses-check.ts my-module     # just these folders
 *
 * Exits 1 if any problem was found, else 0. The CLI also runs every code
 * exercise (app/modules/exercises/check-exercises.server.ts) and every block
 * exercise (app/modules/exercises/check-blocks.server.ts). `checkCourses` is
 * exported so other steps can be added and so the publish script can reuse it.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { formatProblems, loadAllCourses, type CourseProblem, type LoadResult } from "../app/modules/catalog/load-course.server";
import { checkBlockExercises } from "../app/modules/exercises/check-blocks.server";
import { createExerciseCheck } from "../app/modules/exercises/check-exercises.server";

export const COURSES_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "courses");

/** An extra check run on every module that loaded cleanly; returns its problems. */
export type CourseCheckStep = (module: Extract<LoadResult, { ok: true }>["module"]) => Promise<CourseProblem[]>;

/**
 * Loads (and so validates) the modules, then runs each extra step on the ones
 * that loaded cleanly. A module with problems from a step becomes a failed result.
 */
export async function checkCourses(coursesRoot: string, folders?: string[], steps: CourseCheckStep[] = []): Promise<LoadResult[]> {
  const results = await loadAllCourses(coursesRoot, folders);
  return Promise.all(
    results.map(async (result): Promise<LoadResult> => {
      if (!result.ok || steps.length === 0) return result;
      const problems = (await Promise.all(steps.map((step) => step(result.module)))).flat();
      return problems.length === 0 ? result : { ok: false, folder: result.module.folder, problems };
    }),
  );
}

/** Accepts "my-module", "my-module/" or "courses/my-module" (shell tab-completion). */
function toFolderName(arg: string): string {
  const trimmed = arg.replace(/[\\/]+$/, "");
  return path.basename(trimmed);
}

async function main(argv: string[]): Promise<number> {
  const folders = argv.length > 0 ? argv.map(toFolderName) : undefined;
  // Code and block exercises are run too: starters and wrong solutions must fail, solutions must pass.
  const exercises = createExerciseCheck();
  const results = await checkCourses(COURSES_ROOT, folders, [exercises.step, checkBlockExercises]).finally(() => exercises.close());
  let problemCount = 0;
  for (const result of results) {
    if (result.ok) {
      const { module } = result;
      console.log(`✓ ${module.folder}  (${module.activities.length} activities, hash ${module.contentHash.slice(0, 12)})`);
    } else {
      problemCount += result.problems.length;
      console.log(`✗ ${result.folder}  (${result.problems.length} problem${result.problems.length === 1 ? "" : "s"})`);
      console.log(
        formatProblems(result.problems)
          .split("\n")
          .map((line) => `    ${line}`)
          .join("\n"),
      );
    }
  }
  const modules = results.length;
  console.log(`\n${modules} module${modules === 1 ? "" : "s"} checked, ${problemCount} problem${problemCount === 1 ? "" : "s"}`);
  return problemCount > 0 ? 1 : 0;
}

// Run only when executed directly, not when imported (e.g. by tests or the publish script).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
