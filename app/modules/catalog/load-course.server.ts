/**
 * Reads course-module folders under `courses/`, validates them against the
 * format in `course-format.ts`, and reports every problem it finds with the
 * file, line and field to fix. A module that loads cleanly also gets a content
 * hash, which publishing uses to decide whether a new version is needed.
 *
 * Problems are collected, not thrown: a module with five mistakes reports all
 * five (as far as they can be found: a YAML syntax error stops that one file
 * from being checked further, and an invalid `type` hides that activity's other
 * fields).
 *
 * Where each file comes from is module-sources.server.ts; locating a problem's line in YAML is
 * yaml-locations.ts.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { parseAuthorYaml } from "./author-yaml.ts";
import { closest, isRecord, relativePathProblem } from "./course-format.ts";
import { parseActivityFrontMatter, rulesFor, type ActivityFrontMatter } from "./course-format/activity-types.ts";
import { parseModuleFile, type ModuleMeta } from "./course-format/module-file.ts";
import { folderSource, memorySource, statOrNull, toPosix, type ModuleFileSource } from "./module-sources.server.ts";
import { formatPath, issuesToProblems, lineForPath, parseYaml, splitFrontMatter, type ParsedYaml } from "./yaml-locations.ts";

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export type CourseProblem = {
  /** Path relative to the courses/ root, e.g. "my-module/02-quiz.md". */
  file: string;
  /** 1-based line in that file, when known. */
  line?: number;
  /** Field inside the file, e.g. "questions[1].options". */
  path?: string;
  /** What is wrong and what to change. */
  message: string;
};

export type LoadedActivity = ActivityFrontMatter & {
  /** Path relative to the module folder, as listed in module.yaml. */
  file: string;
  /** Markdown body with the front matter removed. */
  body: string;
  sectionIndex: number;
  /** 0-based order across the whole module. */
  position: number;
};

export type LoadedModule = {
  /** Folder name under courses/. */
  folder: string;
  /** Absolute path of the module folder ("" for a module held in memory: see `loadCourseFromFiles`). */
  dir: string;
  meta: ModuleMeta;
  sections: { title: string; activityIds: string[] }[];
  activities: LoadedActivity[];
  /** sha256 (hex) of module.yaml, the activity files and the assets; see `computeContentHash`. */
  contentHash: string;
  /** Files under media/ plus any other file the activities reference, relative to the module folder, sorted. */
  assets: string[];
};

export type LoadResult = { ok: true; module: LoadedModule } | { ok: false; folder: string; problems: CourseProblem[] };

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

const MODULE_FILE = "module.yaml";
const MEDIA_DIR = "media";
/** Markdown files in a module folder that are not activities. */
const IGNORED_MARKDOWN = new Set(["design.md", "readme.md"]);
/** Bumped if the hash serialisation ever changes (which would republish every module). */
const HASH_FORMAT = "pathways-course-hash-v1";

// ---------------------------------------------------------------------------
// Markdown image references
// ---------------------------------------------------------------------------

/** `![alt](target "title")` — the target is group 1 (or 2 when written as <target>). */
const IMAGE_PATTERN = /!\[[^\]]*\]\(\s*(?:<([^>]+)>|([^)\s]+))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;

/** Relative image paths used in a Markdown body, with their 0-based line within the body. */
function imageReferences(body: string): { target: string; bodyLineIndex: number }[] {
  const refs: { target: string; bodyLineIndex: number }[] = [];
  body.split("\n").forEach((lineText, index) => {
    for (const match of lineText.matchAll(IMAGE_PATTERN)) {
      const raw = match[1] ?? match[2] ?? "";
      // External, root-relative and anchor links are not module files.
      if (raw === "" || /^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith("/") || raw.startsWith("#") || raw.startsWith("//")) continue;
      let target = raw.split(/[?#]/)[0] ?? raw;
      try {
        target = decodeURIComponent(target);
      } catch {
        // leave undecodable targets as written; the existence check will report them
      }
      refs.push({ target, bodyLineIndex: index });
    }
  });
  return refs;
}

// ---------------------------------------------------------------------------
// Loading one module
// ---------------------------------------------------------------------------

type SectionEntry = {
  file: string;
  sectionIndex: number;
  entryIndex: number;
  position: number;
};

type ActivityOutcome = {
  entry: SectionEntry;
  /** The id as written (even if the file is otherwise invalid), for cross-checks. */
  rawId?: string;
  idLine?: number;
  activity?: LoadedActivity;
  /** Extra files this activity uses, relative to the module folder. */
  referencedFiles: string[];
};

/** Pulls the section entries out of raw module.yaml data, so activities get checked even if module.yaml has other errors. */
function sectionEntries(data: unknown): SectionEntry[] {
  const entries: SectionEntry[] = [];
  if (!isRecord(data) || !Array.isArray(data.sections)) return entries;
  const seen = new Set<string>();
  data.sections.forEach((section: unknown, sectionIndex) => {
    if (!isRecord(section) || !Array.isArray(section.activities)) return;
    section.activities.forEach((file: unknown, entryIndex) => {
      // Invalid or repeated paths are already reported by the schema.
      if (typeof file !== "string" || relativePathProblem(file, [".md"]) || seen.has(file)) return;
      seen.add(file);
      entries.push({
        file,
        sectionIndex,
        entryIndex,
        position: entries.length,
      });
    });
  });
  return entries;
}

async function loadActivity(
  files: ModuleFileSource,
  folder: string,
  entry: SectionEntry,
  moduleYaml: ParsedYaml,
  problems: CourseProblem[],
): Promise<ActivityOutcome> {
  const outcome: ActivityOutcome = { entry, referencedFiles: [] };
  const file = `${folder}/${entry.file}`;
  if (!(await files.isFile(entry.file))) {
    const entryDir = path.posix.dirname(entry.file);
    const siblings = (await files.list())
      .filter((f) => f.endsWith(".md") && path.posix.dirname(f) === entryDir)
      .map((f) => path.posix.basename(f));
    const hint = closest(path.basename(entry.file), siblings);
    const problem: CourseProblem = {
      file: `${folder}/${MODULE_FILE}`,
      path: formatPath(["sections", entry.sectionIndex, "activities", entry.entryIndex]),
      message:
        `Activity file "${entry.file}" does not exist in ${folder}/. ` +
        (hint ? `Did you mean "${hint}"? ` : "") +
        "Create the file or correct the path (names are case-sensitive).",
    };
    const line = lineForPath(moduleYaml, ["sections", entry.sectionIndex, "activities", entry.entryIndex]);
    if (line !== undefined) problem.line = line;
    problems.push(problem);
    return outcome;
  }

  const source = (await files.read(entry.file)).toString("utf8");
  const split = splitFrontMatter(source);
  if ("error" in split) {
    problems.push({ file, line: split.line, message: split.error });
    return outcome;
  }

  // The YAML starts on the line after the opening "---", so YAML line 1 is file line 2.
  const yaml = parseYaml(split.frontMatter, file, 1, problems);
  if (yaml.data === undefined) return outcome;
  if (yaml.data === null || !isRecord(yaml.data)) {
    problems.push({
      file,
      line: 1,
      message: "The front matter must be a set of fields (id, type, title, minutes…). Add them between the --- lines.",
    });
    return outcome;
  }
  if (typeof yaml.data.id === "string") {
    outcome.rawId = yaml.data.id;
    outcome.idLine = lineForPath(yaml, ["id"]);
  }

  const parsed = parseActivityFrontMatter(yaml.data);
  if (!parsed.success) {
    problems.push(...issuesToProblems(parsed.error.issues, file, yaml));
    return outcome;
  }
  const frontMatter = parsed.data;
  const rules = rulesFor(frontMatter);
  let valid = true;

  if (rules.body.required && split.body.trim() === "") {
    valid = false;
    problems.push({
      file,
      line: split.bodyLine,
      message: `The body is empty. A ${frontMatter.type} activity needs ${rules.body.purpose} written in Markdown below the closing ---.`,
    });
  }

  // Files named in the front matter (video, captions, …).
  for (const ref of rules.files(frontMatter)) {
    const refProblem = (message: string): CourseProblem => {
      const problem: CourseProblem = { file, path: ref.field, message };
      const line = lineForPath(yaml, [ref.field]);
      if (line !== undefined) problem.line = line;
      return problem;
    };
    if (!(await files.isFile(ref.path))) {
      valid = false;
      problems.push(refProblem(`File "${ref.path}" does not exist in ${folder}/. Add it (usually under media/) or correct the path.`));
      continue;
    }
    outcome.referencedFiles.push(ref.path);
    if (ref.checkContents) {
      const contentProblem = ref.checkContents(await files.read(ref.path));
      if (contentProblem) {
        valid = false;
        problems.push(refProblem(`${ref.path}: ${contentProblem}`));
      }
    }
  }

  // Images used in the Markdown body must exist inside the module folder.
  const activityDir = path.posix.dirname(entry.file);
  for (const ref of imageReferences(split.body)) {
    const relative = path.posix.normalize(path.posix.join(activityDir, ref.target));
    const line = split.bodyLine + ref.bodyLineIndex;
    if (relative.startsWith("../") || relative === "..") {
      valid = false;
      problems.push({
        file,
        line,
        message: `Image "${ref.target}" is outside the module folder. Copy it into media/ and link to it there.`,
      });
      continue;
    }
    if (!(await files.isFile(relative))) {
      valid = false;
      problems.push({
        file,
        line,
        message: `Image "${ref.target}" does not exist. Add it to the module folder (usually media/) or fix the link.`,
      });
      continue;
    }
    outcome.referencedFiles.push(relative);
  }

  if (valid) {
    outcome.activity = {
      ...frontMatter,
      file: entry.file,
      body: split.body,
      sectionIndex: entry.sectionIndex,
      position: entry.position,
    };
  }
  return outcome;
}

type DetailedLoad = {
  result: LoadResult;
  /** The module id as written in module.yaml (even if invalid), for cross-module checks. */
  moduleId?: string;
  idLine?: number;
};

async function loadCourseDetailed(dir: string, coursesRoot: string): Promise<DetailedLoad> {
  const moduleDir = path.resolve(dir);
  const folder = toPosix(path.relative(path.resolve(coursesRoot), moduleDir)) || path.basename(moduleDir);
  if (!(await statOrNull(moduleDir))?.isDirectory()) {
    const problems = [{ file: folder, message: `Module folder "${folder}" does not exist under courses/. Check the name.` }];
    return { result: { ok: false, folder, problems } };
  }
  return loadFromSource(folderSource(moduleDir), folder, moduleDir);
}

async function loadFromSource(files: ModuleFileSource, folder: string, moduleDir: string): Promise<DetailedLoad> {
  const moduleFile = `${folder}/${MODULE_FILE}`;
  const problems: CourseProblem[] = [];
  const fail = (): DetailedLoad => ({
    result: { ok: false, folder, problems: sortProblems(problems) },
  });

  let moduleSource: Buffer;
  try {
    moduleSource = await files.read(MODULE_FILE);
  } catch {
    problems.push({
      file: moduleFile,
      message: `Missing ${MODULE_FILE}. Every module folder needs one (see courses/README.md); prefix the folder name with "_" if it is not a module.`,
    });
    return fail();
  }

  const moduleYaml = parseYaml(moduleSource.toString("utf8").replace(/^\uFEFF/, ""), moduleFile, 0, problems);
  if (moduleYaml.data === undefined) return fail();
  if (!isRecord(moduleYaml.data)) {
    problems.push({
      file: moduleFile,
      line: 1,
      message: `${MODULE_FILE} must be a set of fields (id, title, summary, …). See courses/README.md for an example.`,
    });
    return fail();
  }
  const rawModule = moduleYaml.data;
  const detailed: Pick<DetailedLoad, "moduleId" | "idLine"> = {};
  if (typeof rawModule.id === "string") {
    detailed.moduleId = rawModule.id;
    detailed.idLine = lineForPath(moduleYaml, ["id"]);
  }

  const parsedModule = parseModuleFile(rawModule);
  if (!parsedModule.success) problems.push(...issuesToProblems(parsedModule.error.issues, moduleFile, moduleYaml));

  // Load every listed activity, even if module.yaml has other errors.
  const entries = sectionEntries(rawModule);
  const outcomes = await Promise.all(entries.map((entry) => loadActivity(files, folder, entry, moduleYaml, problems)));

  // Activity ids must be unique across the whole module.
  const firstFileById = new Map<string, string>();
  for (const outcome of outcomes) {
    if (outcome.rawId === undefined) continue;
    const first = firstFileById.get(outcome.rawId);
    if (first === undefined) {
      firstFileById.set(outcome.rawId, outcome.entry.file);
      continue;
    }
    const problem: CourseProblem = {
      file: `${folder}/${outcome.entry.file}`,
      path: "id",
      message: `Activity id "${outcome.rawId}" is already used by ${first}. Ids must be unique within the module: give this activity a new id (keep the id of the one learners already have progress on).`,
    };
    if (outcome.idLine !== undefined) problem.line = outcome.idLine;
    problems.push(problem);
  }

  // completion.required may only name activities that exist. Skipped while some
  // activity's id cannot be read (missing file, broken YAML): it may be that one.
  const completion = rawModule.completion;
  const allIdsKnown = outcomes.every((outcome) => outcome.rawId !== undefined);
  if (allIdsKnown && isRecord(completion) && Array.isArray(completion.required)) {
    const known = [...firstFileById.keys()];
    completion.required.forEach((id: unknown, index) => {
      if (typeof id !== "string" || firstFileById.has(id)) return;
      const hint = closest(id, known);
      const problem: CourseProblem = {
        file: moduleFile,
        path: formatPath(["completion", "required", index]),
        message:
          `completion.required names "${id}", but no activity in this module has that id. ` +
          (hint ? `Did you mean "${hint}"? ` : "") +
          `Use ids from the activities' front matter${known.length ? ` (${known.join(", ")})` : ""}, or write required: all.`,
      };
      const line = lineForPath(moduleYaml, ["completion", "required", index]);
      if (line !== undefined) problem.line = line;
      problems.push(problem);
    });
  }

  // Markdown files that are not listed anywhere are probably forgotten activities.
  const listed = new Set(entries.map((entry) => entry.file));
  const allFiles = await files.list();
  for (const rel of allFiles) {
    if (!rel.toLowerCase().endsWith(".md") || listed.has(rel)) continue;
    if (rel.startsWith(`${MEDIA_DIR}/`) || IGNORED_MARKDOWN.has(rel.toLowerCase())) continue;
    if (rel.split("/").some((segment) => segment.startsWith("_"))) continue;
    problems.push({
      file: `${folder}/${rel}`,
      message: `"${rel}" is not listed in any section of ${MODULE_FILE}. Add it to a section, or remove it (design.md and README.md are the only Markdown files left out on purpose; names starting with "_" are ignored too).`,
    });
  }

  if (problems.length > 0 || !parsedModule.success) return { ...detailed, ...fail() };

  const activities = outcomes.map((outcome) => outcome.activity).filter((a): a is LoadedActivity => a !== undefined);
  const idByFile = new Map(activities.map((activity) => [activity.file, activity.id]));
  const { sections: sectionList, ...meta } = parsedModule.data;
  const sections = sectionList.map((section) => ({
    title: section.title,
    activityIds: section.activities.map((file) => idByFile.get(file) ?? file),
  }));

  const assets = [
    ...new Set([...allFiles.filter((rel) => rel.startsWith(`${MEDIA_DIR}/`)), ...outcomes.flatMap((outcome) => outcome.referencedFiles)]),
  ].sort();

  const contentHash = await computeContentHash(files, [MODULE_FILE, ...activities.map((a) => a.file)], assets);

  return {
    ...detailed,
    result: {
      ok: true,
      module: {
        folder,
        dir: moduleDir,
        meta,
        sections,
        activities,
        contentHash,
        assets,
      },
    },
  };
}

/**
 * sha256 over a canonical serialisation of the module's files:
 *   HASH_FORMAT, then for each file in order: "<relative path>\n<byte length>\n<bytes>\n"
 *   (or "<relative path>\n<byte length>\nsha256:<hex>\n" for a file whose source knows its digest).
 * Order: module.yaml, activity files in section order, then assets sorted by path.
 * Lengths make the encoding unambiguous, so identical content always gives the
 * same hash and any changed byte, renamed file or reordered activity gives a new one.
 */
async function computeContentHash(files: ModuleFileSource, orderedFiles: string[], sortedAssets: string[]): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`${HASH_FORMAT}\n`);
  for (const rel of [...orderedFiles, ...sortedAssets]) {
    const known = await files.digest?.(rel);
    if (known) {
      hash.update(`${rel}\n${known.bytes}\nsha256:${known.sha256}\n`);
      continue;
    }
    const bytes = await files.read(rel);
    hash.update(`${rel}\n${bytes.length}\n`);
    hash.update(bytes);
    hash.update("\n");
  }
  return hash.digest("hex");
}

function sortProblems(problems: CourseProblem[]): CourseProblem[] {
  // Stable sort: by file, then line (problems without a line first).
  return [...problems].sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1));
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/** Loads and validates one module folder. `coursesRoot` is used to name files in problems. */
export async function loadCourse(dir: string, coursesRoot: string): Promise<LoadResult> {
  return (await loadCourseDetailed(dir, coursesRoot)).result;
}

/**
 * Loads and validates a module held in memory (a draft authored in the browser, an imported zip)
 * with exactly the checks and messages of `courses:check`. Problems name files as `<folder>/<path>`.
 */
export async function loadCourseFromFiles(folder: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<LoadResult> {
  return (await loadFromSource(memorySource(files), folder, "")).result;
}

/**
 * Loads and validates a module whose files come from any source (a draft whose text is in the
 * database and whose media are in the media store, ADR 0011), with the checks of `courses:check`.
 */
export async function loadCourseFromSource(folder: string, source: ModuleFileSource): Promise<LoadResult> {
  return (await loadFromSource(source, folder, "")).result;
}

/** Reads just the `id` of a module (ignoring all other errors), for cross-module checks. */
async function peekModuleId(moduleDir: string): Promise<string | undefined> {
  try {
    const doc = parseAuthorYaml(await fs.readFile(path.join(moduleDir, MODULE_FILE), "utf8"));
    const id: unknown = doc.get("id");
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads every module under `coursesRoot` (each immediate sub-folder with a
 * module.yaml; folders starting with "." or "_" are skipped), or only the named
 * `folders`. Also checks module ids are unique across folders — including
 * against modules that were not asked for, so checking one new module still
 * catches a clash.
 */
export async function loadAllCourses(coursesRoot: string, folders?: string[]): Promise<LoadResult[]> {
  const root = path.resolve(coursesRoot);
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const allFolders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !entry.name.startsWith("_"))
    .map((entry) => entry.name)
    .sort();

  const results: DetailedLoad[] = [];
  const requested = folders === undefined ? allFolders : [...new Set(folders)];
  for (const folder of requested) {
    if (folders !== undefined && !allFolders.includes(folder)) {
      const hint = closest(folder, allFolders);
      results.push({
        result: {
          ok: false,
          folder,
          problems: [
            {
              file: folder,
              message:
                `There is no module folder "${folder}" in courses/. ` +
                (hint ? `Did you mean "${hint}"? ` : "") +
                `Pass folder names${allFolders.length ? `, e.g. ${allFolders.slice(0, 3).join(", ")}` : ""}.`,
            },
          ],
        },
      });
      continue;
    }
    results.push(await loadCourseDetailed(path.join(root, folder), root));
  }

  // Module ids must be unique across folders.
  const foldersById = new Map<string, string[]>();
  const note = (id: string | undefined, folder: string) => {
    if (id === undefined) return;
    const list = foldersById.get(id) ?? [];
    if (!list.includes(folder)) list.push(folder);
    foldersById.set(id, list);
  };
  for (const { result, moduleId } of results) note(moduleId, result.ok ? result.module.folder : result.folder);
  for (const folder of allFolders) {
    if (!requested.includes(folder)) note(await peekModuleId(path.join(root, folder)), folder);
  }

  return results.map(({ result, moduleId, idLine }) => {
    const folder = result.ok ? result.module.folder : result.folder;
    const others = moduleId === undefined ? [] : (foldersById.get(moduleId) ?? []).filter((f) => f !== folder);
    if (others.length === 0) return result;
    const problem: CourseProblem = {
      file: `${folder}/${MODULE_FILE}`,
      path: "id",
      message: `Module id "${moduleId}" is also used by ${others.map((f) => `${f}/${MODULE_FILE}`).join(", ")}. Module ids must be unique: give the newer module a different id.`,
    };
    if (idLine !== undefined) problem.line = idLine;
    const problems = result.ok ? [problem] : sortProblems([...result.problems, problem]);
    return { ok: false, folder, problems };
  });
}

/** One line per problem: "file:line  path  message". */
export function formatProblems(problems: CourseProblem[]): string {
  return problems
    .map((problem) => {
      const location = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
      return [location, problem.path, problem.message].filter((part) => part !== undefined && part !== "").join("  ");
    })
    .join("\n");
}
