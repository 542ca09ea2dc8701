/**
 * Checking a draft the way `courses:check` checks a folder in courses/ (ADR 0011): the loader's
 * problems (shown inline in the editor) and, on submit and approve, the exercises' own checks. Its
 * own file because the editor, the review and the routes all read problems, and none of it writes.
 */
import { checkLoadResult } from "~/modules/catalog/check-courses.server.ts";
import { loadCourseFromSource, type CourseProblem, type LoadedModule } from "~/modules/catalog/load-course.server.ts";
import { createExerciseSteps } from "~/modules/course-checks/exercise-steps.server.ts";
import { draftFileSource, resolveDraftMedia, type DraftMediaEntry, type ResolvedMedia } from "./draft-media.server.ts";
import { readModuleDetails } from "./draft-content.ts";
import { contentOf, type Draft } from "./draft-access.server.ts";

export type DraftProblems = { problems: CourseProblem[]; module?: LoadedModule; media: ResolvedMedia };

/**
 * Validates a draft with exactly the loader and messages of `courses:check`. Problems name files
 * as "<module id>/<path>"; `byFile` groups them by path within the module for inline display.
 */
export async function validateDraft(
  draft: Pick<Draft, "moduleId" | "moduleYaml" | "files"> & { media?: DraftMediaEntry[] },
): Promise<DraftProblems> {
  // Media files (ModuleDraft.media) are read from the media store, as the loader reads media/ on disk.
  const media = await resolveDraftMedia(draft.media ?? []);
  const result = await loadCourseFromSource(draft.moduleId, draftFileSource(contentOf(draft), media));
  const problems = result.ok ? [] : [...result.problems];
  const declared = readModuleDetails(draft.moduleYaml).id;
  if (declared && declared !== draft.moduleId) {
    problems.push({
      file: `${draft.moduleId}/module.yaml`,
      path: "id",
      message: `The module id is "${draft.moduleId}" and cannot change; set id: ${draft.moduleId} in module.yaml.`,
    });
  }
  return result.ok && problems.length === 0 ? { problems, module: result.module, media } : { problems, media };
}

/**
 * What `courses:check` runs beyond the loader, through the same pipeline (check-courses.server.ts):
 * every block exercise's goals and every code exercise's tests (starter and wrong solutions must fail,
 * the solution must pass). The code is the author's, so it runs in the sandbox (a confined child
 * process, ADR 0016), one job per call. Slower than validating (Python loads when the module has code
 * exercises), so it runs on submit and approve.
 */
export async function checkDraftExercises(module: LoadedModule, draft: Pick<Draft, "files">): Promise<CourseProblem[]> {
  const texts = new Map(draft.files.map((file) => [file.path, file.text]));
  const exercises = createExerciseSteps(async (_module, file) => texts.get(file) ?? "");
  try {
    const checked = await checkLoadResult({ ok: true, module }, exercises.steps);
    return checked.ok ? [] : checked.problems;
  } finally {
    await exercises.close();
  }
}

export function problemsForFile(moduleId: string, problems: CourseProblem[], path: string): CourseProblem[] {
  return problems.filter((p) => p.file === `${moduleId}/${path}`);
}

export function describeProblem(p: CourseProblem): string {
  const where = [p.line !== undefined ? `line ${p.line}` : undefined, p.path].filter(Boolean).join(", ");
  return where ? `${where}: ${p.message}` : p.message;
}

/** Problems as the lines a form lists under its message (an AppError's `details`): "<file>: line 3, path: message". */
export function problemLines(problems: CourseProblem[]): string[] {
  return problems.map((p) => `${p.file}: ${describeProblem(p)}`);
}
