/**
 * Checks course modules under courses/ and reports every problem.
 *
 *   npm run courses:check                      # every module
 *   tsx scripts/courses-check.ts my-module     # just these folders
 *
 * Exits 1 if any problem was found, else 0. Only the command line lives here: the pipeline is
 * app/modules/catalog/check-courses.server.ts, with every code and block exercise checked by the steps
 * of app/modules/course-checks/exercise-steps.server.ts.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { checkCourses } from "../app/modules/catalog/check-courses.server";
import { formatProblems } from "../app/modules/catalog/load-course.server";
import { createExerciseSteps } from "../app/modules/course-checks/exercise-steps.server";

export const COURSES_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "courses");

/** Accepts "my-module", "my-module/" or "courses/my-module" (shell tab-completion). */
function toFolderName(arg: string): string {
  const trimmed = arg.replace(/[\\/]+$/, "");
  return path.basename(trimmed);
}

async function main(argv: string[]): Promise<number> {
  const folders = argv.length > 0 ? argv.map(toFolderName) : undefined;
  // Code and block exercises are run too: starters and wrong solutions must fail, solutions must pass.
  const exercises = createExerciseSteps();
  const results = await checkCourses(COURSES_ROOT, folders, exercises.steps).finally(() => exercises.close());
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
