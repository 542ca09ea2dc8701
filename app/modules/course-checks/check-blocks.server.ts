/**
 * The `courses:check` step for block exercises (house style, habit 7): for every `type: blocks`
 * activity, the solution meets every goal with only toolbox blocks and within maxBlocks, and the
 * starting program and each known-wrong solution fail. The rules are pure
 * (app/modules/blocks/exercise.ts); this file only reads the activity's source to point problems at
 * a line.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { checkBlocksDefinition } from "../blocks/exercise.ts";
import type { ActivityOf } from "../catalog/course-format/activity-types.ts";
import { formatPath, frontMatterFieldLine } from "../catalog/yaml-locations.ts";
import { type CourseProblem, type LoadedActivity, type LoadedModule } from "../catalog/load-course.server.ts";

type BlocksActivity = LoadedActivity & ActivityOf<"blocks">;

/** A check step for checkCourses (app/modules/catalog/check-courses.server.ts). */
export async function checkBlockExercises(module: LoadedModule): Promise<CourseProblem[]> {
  const problems: CourseProblem[] = [];
  for (const activity of module.activities) {
    if (activity.type !== "blocks") continue;
    const exercise = activity as BlocksActivity;
    const found = checkBlocksDefinition(exercise);
    if (found.length === 0) continue;
    const source = module.dir ? await fs.readFile(path.join(module.dir, exercise.file), "utf8").catch(() => "") : "";
    for (const { path: keys, message } of found) {
      const problem: CourseProblem = { file: `${module.folder}/${exercise.file}`, path: formatPath(keys), message };
      const line = source ? frontMatterFieldLine(source, keys) : undefined;
      if (line !== undefined) problem.line = line;
      problems.push(problem);
    }
  }
  return problems;
}
