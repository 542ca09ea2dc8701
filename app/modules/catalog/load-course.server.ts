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
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { isMap, isSeq, LineCounter, visit, type Document } from "yaml";
import { parseAuthorYaml } from "./author-yaml.ts";

import { closest, isRecord, relativePathProblem } from "./course-format.ts";
import { parseActivityFrontMatter, rulesFor, type ActivityFrontMatter } from "./course-format/activity-types.ts";
import { parseModuleFile, type ModuleMeta } from "./course-format/module-file.ts";

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
// Small helpers
// ---------------------------------------------------------------------------

type PathKey = PropertyKey;

/** ["questions", 1, "options"] -> "questions[1].options" */
export function formatPath(keys: readonly PathKey[]): string | undefined {
  let out = "";
  for (const key of keys) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? undefined : out;
}

const toPosix = (p: string) => p.split(path.sep).join("/");

async function statOrNull(p: string) {
  try {
    return await fs.stat(p);
  } catch {
    return null;
  }
}

/** Every file under `dir` (recursively), relative to `dir`, posix separators, skipping dot-files. */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/**
 * Where a module's files come from: a folder on disk (courses/) or memory (a draft authored in
 * the browser, an imported zip). Paths are relative to the module folder, with posix separators.
 */
export type ModuleFileSource = {
  isFile(rel: string): Promise<boolean>;
  read(rel: string): Promise<Buffer>;
  /** Every file, relative to the module folder, sorted, skipping dot-files. */
  list(): Promise<string[]>;
  /**
   * A file's size and sha256 when the source already knows them (media in the content-addressed
   * store), so the content hash need not read a large video; undefined to hash the bytes.
   */
  digest?(rel: string): Promise<{ bytes: number; sha256: string } | undefined>;
};

function folderSource(moduleDir: string): ModuleFileSource {
  return {
    isFile: async (rel) => (await statOrNull(path.join(moduleDir, rel)))?.isFile() ?? false,
    read: (rel) => fs.readFile(path.join(moduleDir, rel)),
    list: () => listFiles(moduleDir),
  };
}

/** A module held in memory: `files` maps relative paths (e.g. "module.yaml", "01-intro.md") to contents. */
export function memorySource(files: ReadonlyMap<string, string | Uint8Array>): ModuleFileSource {
  const byPath = new Map<string, Buffer>();
  for (const [rel, content] of files) byPath.set(path.posix.normalize(rel), Buffer.from(content));
  return {
    isFile: (rel) => Promise.resolve(byPath.has(path.posix.normalize(rel))),
    read: (rel) => {
      const bytes = byPath.get(path.posix.normalize(rel));
      return bytes ? Promise.resolve(bytes) : Promise.reject(new Error(`No file "${rel}" in the module`));
    },
    list: () => Promise.resolve([...byPath.keys()].filter((rel) => !rel.split("/").some((segment) => segment.startsWith("."))).sort()),
  };
}

// ---------------------------------------------------------------------------
// YAML with line numbers
// ---------------------------------------------------------------------------

type ParsedYaml = {
  doc: Document;
  lineCounter: LineCounter;
  /** Added to YAML line numbers to get real file lines (front matter starts after `---`). */
  lineOffset: number;
  /** Plain JS value, or undefined when the YAML had syntax errors. */
  data: unknown;
};

function parseYaml(source: string, file: string, lineOffset: number, problems: CourseProblem[]): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseAuthorYaml(source, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  for (const error of doc.errors) {
    let offset = error.pos[0];
    let message = `YAML syntax error: ${error.message.split("\n")[0]}. Fix the YAML on this line (check indentation, colons and quotes).`;
    // An unclosed quote is detected at the end of the file; point at where the quote opens instead.
    if (error.code === "MISSING_CHAR" && /closing .?quote/.test(error.message)) {
      const start = quotedScalarEndingAt(doc, offset);
      if (start !== undefined) {
        offset = start;
        message =
          "YAML syntax error: the quoted text starting on this line is never closed. Add the closing quote (and escape any quote inside it).";
      }
    }
    problems.push({
      file,
      line: lineCounter.linePos(offset).line + lineOffset,
      message,
    });
  }
  const data = doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  return { doc, lineCounter, lineOffset, data };
}

/** Start offset of the quoted scalar that runs up to `end` (an unterminated one), if any. */
function quotedScalarEndingAt(doc: Document, end: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if ((node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") && node.range && node.range[1] >= end - 1) {
        start = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return start;
}

function lineOf(yaml: ParsedYaml, node: unknown): number | undefined {
  if (typeof node !== "object" || node === null || !("range" in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? yaml.lineCounter.linePos(range[0]).line + yaml.lineOffset : undefined;
}

/**
 * The file line for a path such as ["questions", 1, "options"]. For a map entry
 * it is the line of the key (so a block list is reported where it starts); for
 * a missing entry it is the nearest existing parent, or undefined at the root.
 */
function lineForPath(yaml: ParsedYaml, keys: readonly PathKey[]): number | undefined {
  let node: unknown = yaml.doc.contents;
  let line: number | undefined;
  for (const key of keys) {
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const k: unknown = item.key;
        const value = isRecord(k) && "value" in k ? k.value : k;
        return String(value) === String(key);
      });
      if (!pair) return line;
      line = lineOf(yaml, pair.key) ?? lineOf(yaml, pair.value) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      const item: unknown = node.items[key];
      if (item === undefined) return line;
      line = lineOf(yaml, item) ?? line;
      node = item;
    } else {
      return line;
    }
  }
  return line;
}

/** Turns zod issues into problems located in the YAML source. */
function issuesToProblems(issues: readonly z.core.$ZodIssue[], file: string, yaml: ParsedYaml): CourseProblem[] {
  return issues.map((issue) => {
    let keys: PathKey[] = [...issue.path];
    // Point unknown fields at the offending key itself, not its parent.
    if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) keys = [...keys, issue.keys[0]];
    const problem: CourseProblem = { file, message: issue.message };
    const line = lineForPath(yaml, keys);
    if (line !== undefined) problem.line = line;
    const fieldPath = formatPath(keys);
    if (fieldPath !== undefined) problem.path = fieldPath;
    return problem;
  });
}

// ---------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------

type SplitFile = { frontMatter: string; body: string; bodyLine: number } | { error: string; line: number };

/** Splits an activity file into its YAML front matter and Markdown body. */
export function splitFrontMatter(source: string): SplitFile {
  const text = source.replace(/^\uFEFF/, "");
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) {
    return {
      error:
        'The file must begin with front matter: a line "---", the YAML fields (id, type, title, minutes…), then another "---" line. Add it at the very top.',
      line: 1,
    };
  }
  const rest = text.slice(open[0].length);
  const close = /^---[ \t]*(?:\r?\n|$)/m.exec(rest);
  if (!close) {
    return {
      error: 'The front matter is never closed. Add a line containing only "---" after the YAML fields.',
      line: 1,
    };
  }
  const frontMatter = rest.slice(0, close.index);
  const linesBeforeBody = 1 + frontMatter.split("\n").length; // opening "---" + YAML lines (incl. closing "---" line)
  return {
    frontMatter,
    body: rest.slice(close.index + close[0].length),
    bodyLine: linesBeforeBody + 1,
  };
}

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

/**
 * The line of a front-matter field in an activity file's source (e.g. ["tests", 1, "code"]), for
 * checks that run after loading (such as running code exercises) and report where to look.
 */
export function frontMatterFieldLine(source: string, keys: readonly (string | number)[]): number | undefined {
  const split = splitFrontMatter(source);
  if ("error" in split) return undefined;
  const yaml = parseYaml(split.frontMatter, "", 1, []);
  return yaml.data === undefined ? undefined : lineForPath(yaml, keys);
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
