/**
 * The courses:check pipeline, as domain code: load (and so validate) modules, then run extra check
 * steps (the exercises' own tests, app/modules/course-checks/exercise-steps.server.ts) on each module
 * that loaded cleanly. scripts/courses-check.ts is only its command line; drafts authored in the
 * browser run the same pipeline on one module (`checkLoadResult`), so both refuse the same content.
 * The steps are passed in, so this file needs nothing from app/modules/exercises.
 */
import { loadAllCourses, type CourseProblem, type LoadedModule, type LoadResult } from "./load-course.server.ts";

/** An extra check run on every module that loaded cleanly; returns its problems. */
export type CourseCheckStep = (module: LoadedModule) => Promise<CourseProblem[]>;

/** Runs the steps on a module that loaded cleanly: any problem they find makes it a failed result. */
export async function checkLoadResult(result: LoadResult, steps: CourseCheckStep[]): Promise<LoadResult> {
  if (!result.ok || steps.length === 0) return result;
  const problems = (await Promise.all(steps.map((step) => step(result.module)))).flat();
  return problems.length === 0 ? result : { ok: false, folder: result.module.folder, problems };
}

/** Loads the modules under `coursesRoot` (all, or just `folders`), then runs each step on the ones that loaded cleanly. */
export async function checkCourses(coursesRoot: string, folders?: string[], steps: CourseCheckStep[] = []): Promise<LoadResult[]> {
  const results = await loadAllCourses(coursesRoot, folders);
  return Promise.all(results.map((result) => checkLoadResult(result, steps)));
}
