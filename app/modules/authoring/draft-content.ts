/**
 * A draft module's content, held exactly as a courses/ folder would hold it (ADR 0011): the text
 * of module.yaml plus one Markdown file (front matter + body) per activity. Pure functions that
 * edit that text; validation is the loader's job (load-course.server.ts), never repeated here.
 */
import { isMap, isSeq, stringify, type Document } from "yaml";
import { parseAuthorYaml } from "~/modules/catalog/author-yaml.ts";
import { ACTIVITY_TYPES, ID_PATTERN, type ActivityType } from "../catalog/course-format.ts";

export type DraftFile = { path: string; text: string };
export type DraftContent = { moduleYaml: string; files: DraftFile[] };

export const MODULE_FILE = "module.yaml";

/** Limits for imported zips (a module is text; media come with uploads, ADR 0012). */
export const ZIP_LIMITS = {
  /** The zip file itself. */
  maxZipBytes: 5 * 1024 * 1024,
  maxEntries: 300,
  /** One file, uncompressed. */
  maxFileBytes: 1024 * 1024,
  /** All files together, uncompressed (stops zip bombs: sizes are counted while inflating, not trusted from headers). */
  maxTotalBytes: 8 * 1024 * 1024,
};

export const DRAFT_STATUSES = ["draft", "in_review", "published", "archived"] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];
export const DRAFT_STATUS_LABELS: Record<DraftStatus, string> = {
  draft: "Draft",
  in_review: "In review",
  published: "Published",
  archived: "Archived",
};

export const REVIEW_DECISIONS = ["approved", "returned"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** The message for a save based on an old revision. */
export const CONFLICT_MESSAGE =
  "This draft changed since you opened it (someone else saved it, perhaps in another tab). Your text is still in the form: copy it, reload the page to see the latest version, and add your changes again.";

/** The activity types an author can add in the browser (videos use media attached to the draft). */
export const ADDABLE_TYPES = [...ACTIVITY_TYPES] as ActivityType[];

export function parseFiles(json: string): DraftFile[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is DraftFile =>
      typeof f === "object" && f !== null && typeof (f as DraftFile).path === "string" && typeof (f as DraftFile).text === "string",
  );
}

/** The files as the loader reads them: module.yaml and every activity file. */
export function toFileMap(content: DraftContent): Map<string, string> {
  const map = new Map<string, string>([[MODULE_FILE, content.moduleYaml]]);
  for (const file of content.files) map.set(file.path, file.text);
  return map;
}

// ---------------------------------------------------------------------------
// module.yaml
// ---------------------------------------------------------------------------

/** What the "module details" form edits. */
export type ModuleDetails = {
  title: string;
  summary: string;
  description?: string;
  outcomes: string[];
  audience: string[];
  keyStages: string[];
  topics: string[];
  cpdHours: number;
  prerequisites: string[];
  availableFrom?: string;
  availableUntil?: string;
  versionNotes?: string;
};

function parseModuleDoc(moduleYaml: string): Document {
  const doc = parseAuthorYaml(moduleYaml);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new Error("module.yaml cannot be read: fix its YAML first.");
  }
  return doc;
}

/** A new module.yaml: the details, the author, completion of everything, and no activities yet. */
export function newModuleYaml(moduleId: string, details: ModuleDetails, authorName: string): string {
  const doc = parseAuthorYaml(stringify({ id: moduleId }));
  applyDetails(doc, details);
  doc.set("authors", [{ name: authorName, role: "author" }]);
  doc.set("completion", { required: "all" });
  doc.set("sections", [{ title: "Section 1", activities: [] }]);
  return doc.toString({ lineWidth: 0 });
}

function applyDetails(doc: Document, d: ModuleDetails) {
  const setOrDelete = (key: string, value: unknown) => {
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0 && key === "prerequisites")) doc.delete(key);
    else doc.set(key, value);
  };
  doc.set("title", d.title);
  doc.set("summary", d.summary);
  setOrDelete("description", d.description);
  doc.set("outcomes", d.outcomes);
  doc.set("audience", d.audience);
  doc.set("keyStages", d.keyStages);
  doc.set("topics", d.topics);
  doc.set("cpdHours", d.cpdHours);
  setOrDelete("prerequisites", d.prerequisites);
  const availability: Record<string, string> = {};
  if (d.availableFrom) availability.from = d.availableFrom;
  if (d.availableUntil) availability.until = d.availableUntil;
  setOrDelete("availability", Object.keys(availability).length ? availability : undefined);
  setOrDelete("versionNotes", d.versionNotes);
}

export function setModuleDetails(moduleYaml: string, details: ModuleDetails): string {
  const doc = parseModuleDoc(moduleYaml);
  applyDetails(doc, details);
  return doc.toString({ lineWidth: 0 });
}

const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => String(v)) : []);
const asString = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);

/** The details as the form shows them (whatever is there, valid or not). */
export function readModuleDetails(moduleYaml: string): ModuleDetails & { id: string } {
  const doc = parseAuthorYaml(moduleYaml);
  const data: Record<string, unknown> =
    doc.errors.length === 0 && isMap(doc.contents) ? (doc.toJS() as Record<string, unknown>) : ({} as Record<string, unknown>);
  const availability = (typeof data.availability === "object" && data.availability !== null ? data.availability : {}) as Record<
    string,
    unknown
  >;
  return {
    id: asString(data.id) ?? "",
    title: asString(data.title) ?? "",
    summary: asString(data.summary) ?? "",
    description: asString(data.description),
    outcomes: asStrings(data.outcomes),
    audience: asStrings(data.audience),
    keyStages: asStrings(data.keyStages),
    topics: asStrings(data.topics),
    cpdHours: typeof data.cpdHours === "number" ? data.cpdHours : 1,
    prerequisites: asStrings(data.prerequisites),
    availableFrom: asString(availability.from),
    availableUntil: asString(availability.until),
    versionNotes: asString(data.versionNotes),
  };
}

export type OutlineEntry = { path: string; sectionIndex: number; sectionTitle: string };

/** The activity files in order, with their section. */
export function readOutline(moduleYaml: string): OutlineEntry[] {
  const doc = parseAuthorYaml(moduleYaml);
  if (doc.errors.length > 0) return [];
  const data = doc.toJS() as { sections?: unknown };
  if (!Array.isArray(data?.sections)) return [];
  const out: OutlineEntry[] = [];
  data.sections.forEach((section: unknown, sectionIndex) => {
    if (typeof section !== "object" || section === null) return;
    const { title, activities } = section as { title?: unknown; activities?: unknown };
    if (!Array.isArray(activities)) return;
    for (const file of activities) if (typeof file === "string") out.push({ path: file, sectionIndex, sectionTitle: String(title ?? "") });
  });
  return out;
}

/** Rewrites `sections` so the flat list of files is `order`, keeping each section's number of slots. */
function writeOutline(doc: Document, order: string[], sectionSizes: number[]) {
  const sections = doc.get("sections");
  if (!isSeq(sections)) throw new Error("module.yaml has no list of sections.");
  let next = 0;
  sections.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const size = sectionSizes[index] ?? 0;
    item.set("activities", doc.createNode(order.slice(next, next + size)));
    next += size;
  });
}

function sectionSizes(outline: OutlineEntry[], sectionCount: number): number[] {
  const sizes = Array.from({ length: sectionCount }, () => 0);
  for (const entry of outline) sizes[entry.sectionIndex] = (sizes[entry.sectionIndex] ?? 0) + 1;
  return sizes;
}

function sectionCount(doc: Document): number {
  const sections = doc.get("sections");
  return isSeq(sections) ? sections.items.length : 0;
}

/** Moves an activity one place up or down the module (crossing into the next section at an edge). */
export function moveActivity(moduleYaml: string, path: string, direction: "up" | "down"): string {
  const doc = parseModuleDoc(moduleYaml);
  const outline = readOutline(moduleYaml);
  const index = outline.findIndex((e) => e.path === path);
  if (index === -1) return moduleYaml;
  const sizes = sectionSizes(outline, sectionCount(doc));
  const order = outline.map((e) => e.path);
  const entry = outline[index]!;
  if (direction === "up") {
    const previous = outline[index - 1];
    if (previous && previous.sectionIndex === entry.sectionIndex) [order[index - 1], order[index]] = [order[index]!, order[index - 1]!];
    else if (entry.sectionIndex > 0) {
      // Into the end of the previous section.
      sizes[entry.sectionIndex]! -= 1;
      sizes[entry.sectionIndex - 1]! += 1;
    } else return moduleYaml;
  } else {
    const next = outline[index + 1];
    if (next && next.sectionIndex === entry.sectionIndex) [order[index + 1], order[index]] = [order[index]!, order[index + 1]!];
    else if (entry.sectionIndex < sizes.length - 1) {
      sizes[entry.sectionIndex]! -= 1;
      sizes[entry.sectionIndex + 1]! += 1;
    } else return moduleYaml;
  }
  writeOutline(doc, order, sizes);
  return doc.toString({ lineWidth: 0 });
}

/** Lists a new activity file at the end of the last section. */
export function appendActivity(moduleYaml: string, path: string): string {
  const doc = parseModuleDoc(moduleYaml);
  let sections = doc.get("sections");
  if (!isSeq(sections) || sections.items.length === 0) {
    doc.set("sections", [{ title: "Section 1", activities: [] }]);
    sections = doc.get("sections");
  }
  const seq = sections as { items: unknown[] };
  const last = seq.items[seq.items.length - 1];
  if (!isMap(last)) throw new Error("The last section in module.yaml is not a set of fields.");
  const activities = last.get("activities");
  const list = isSeq(activities) ? activities.items.map((i) => String((i as { value?: unknown }).value ?? i)) : [];
  last.set("activities", doc.createNode([...list, path]));
  return doc.toString({ lineWidth: 0 });
}

/** Unlists an activity file (and drops its id from completion.required, when listed there). */
export function removeActivity(moduleYaml: string, path: string, activityId?: string): string {
  const doc = parseModuleDoc(moduleYaml);
  const outline = readOutline(moduleYaml);
  const sizes = sectionSizes(outline, sectionCount(doc));
  const index = outline.findIndex((e) => e.path === path);
  if (index !== -1) {
    sizes[outline[index]!.sectionIndex]! -= 1;
    writeOutline(
      doc,
      outline.filter((e) => e.path !== path).map((e) => e.path),
      sizes,
    );
  }
  const required = doc.getIn(["completion", "required"]);
  if (activityId && isSeq(required)) {
    const ids = required.items.map((i) => String((i as { value?: unknown }).value ?? i)).filter((id) => id !== activityId);
    doc.setIn(["completion", "required"], ids.length ? doc.createNode(ids) : "all");
  }
  return doc.toString({ lineWidth: 0 });
}

// ---------------------------------------------------------------------------
// Activity files
// ---------------------------------------------------------------------------

/** What the activity form edits: the common fields, the rest of the front matter as YAML, and the body. */
export type ActivityFields = {
  id: string;
  type: string;
  title: string;
  minutes: string;
  /** Front-matter fields other than id, type, title and minutes, as YAML text. */
  settings: string;
  body: string;
};

const COMMON_KEYS = ["id", "type", "title", "minutes"];

/** Splits an activity file for the form; a file whose front matter cannot be read keeps it all in `settings`. */
export function readActivityFields(text: string): ActivityFields {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)([\s\S]*)$/m.exec(text);
  if (!match) return { id: "", type: "", title: "", minutes: "", settings: "", body: text };
  const [, frontMatter = "", rest = ""] = match;
  const body = rest.replace(/^\r?\n/, "");
  const doc = parseAuthorYaml(frontMatter);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { id: "", type: "", title: "", minutes: "", settings: frontMatter, body };
  const value = (key: string) => {
    const v: unknown = doc.get(key);
    return v === undefined || v === null ? "" : String(v);
  };
  const fields = { id: value("id"), type: value("type"), title: value("title"), minutes: value("minutes") };
  for (const key of COMMON_KEYS) doc.delete(key);
  const settings = doc.contents && isMap(doc.contents) && doc.contents.items.length > 0 ? doc.toString({ lineWidth: 0 }) : "";
  return { ...fields, settings, body };
}

/** The activity file for the form's fields (numbers stay numbers; an invalid value is written as typed, for the checker). */
export function writeActivityFile(fields: ActivityFields): string {
  const head: Record<string, unknown> = {};
  if (fields.id.trim()) head.id = fields.id.trim();
  if (fields.type.trim()) head.type = fields.type.trim();
  if (fields.title.trim()) head.title = fields.title.trim();
  const minutes = fields.minutes.trim();
  if (minutes) head.minutes = /^\d+$/.test(minutes) ? Number(minutes) : minutes;
  const common = Object.keys(head).length ? stringify(head, { lineWidth: 0 }) : "";
  const settings = fields.settings.replace(/\r\n/g, "\n").trimEnd();
  const body = fields.body.replace(/\r\n/g, "\n").replace(/^\n+/, "");
  return `---\n${common}${settings ? `${settings}\n` : ""}---\n\n${body.endsWith("\n") || body === "" ? body : `${body}\n`}`;
}

/** Starting front matter for each type, so a new activity shows what its type needs. */
export const TYPE_TEMPLATES: Record<string, { settings: string; body: string }> = {
  reading: { settings: "", body: "Write the reading here, in Markdown.\n" },
  quiz: {
    settings: [
      "passMark: 80",
      "questions:",
      "  - id: q1",
      "    kind: single",
      "    prompt: Which answer is right?",
      "    options:",
      "      - { id: a, text: This one, correct: true, feedback: Yes. }",
      "      - { id: b, text: That one, correct: false, feedback: Not quite. It is this one., hint: Read the question again. }",
    ].join("\n"),
    body: "",
  },
  reflection: { settings: "prompt: What will you try in your next lesson?", body: "" },
  video: {
    settings: "src: media/intro.mp4\ncaptions: media/intro.vtt",
    body: "Write the full transcript of the video here.\n",
  },
  code: {
    settings: [
      "language: python",
      "kind: write",
      'starter: "def double(n):\\n    pass\\n"',
      'solution: "def double(n):\\n    return n * 2\\n"',
      "tests:",
      "  - { name: doubles 2, code: assert double(2) == 4, message: double(2) should be 4 }",
    ].join("\n"),
    body: "Explain what the program should do.\n",
  },
  blocks: { settings: "", body: "Explain what the sprite should do.\n" },
};

/** A free file name for a new activity: "03-my-activity.md". */
export function newActivityPath(existing: readonly string[], activityId: string): string {
  const taken = new Set(existing);
  const slug = ID_PATTERN.test(activityId) ? activityId : "activity";
  for (let n = existing.length + 1; ; n += 1) {
    const candidate = `${String(n).padStart(2, "0")}-${slug}.md`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The activity id from a file's front matter, if it can be read. */
export function activityIdOf(text: string): string | undefined {
  const id = readActivityFields(text).id;
  return id || undefined;
}

// ---------------------------------------------------------------------------
// Quizzes, question by question
// ---------------------------------------------------------------------------

/** `hint`: shown before the answers are revealed to a learner who chose this wrong option. */
export type QuizOptionValue = { id: string; text: string; correct: boolean; feedback: string; hint?: string };
export type QuizQuestionValue = {
  id: string;
  kind: string;
  prompt: string;
  options: QuizOptionValue[];
  /** Short answers: accepted answers, one per line. */
  answers: string;
  feedbackCorrect: string;
  feedbackIncorrect: string;
  /** Short answers: shown after a wrong answer before the answers are revealed. */
  feedbackHint: string;
};
/** revealAnswers is "" for the default (after passing); revealAfterAttempts only counts with "after-attempts". */
export type QuizValue = { passMark: string; revealAnswers: string; revealAfterAttempts: string; questions: QuizQuestionValue[] };

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/**
 * A quiz's settings as the question editor shows them, or null when they hold anything the editor
 * cannot show faithfully (then the author edits the YAML instead).
 */
export function readQuiz(settings: string): QuizValue | null {
  const doc = parseAuthorYaml(settings);
  if (doc.errors.length > 0) return null;
  const data: unknown = settings.trim() === "" ? {} : doc.toJS();
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const { passMark, revealAnswers, revealAfterAttempts, questions, ...rest } = data as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || (questions !== undefined && !Array.isArray(questions))) return null;
  const out: QuizQuestionValue[] = [];
  for (const q of (questions as unknown[] | undefined) ?? []) {
    if (typeof q !== "object" || q === null) return null;
    const { id, kind, prompt, options, answers, feedback, ...other } = q as Record<string, unknown>;
    if (Object.keys(other).length > 0) return null;
    if (options !== undefined && !Array.isArray(options)) return null;
    if (answers !== undefined && !Array.isArray(answers)) return null;
    const fb = (typeof feedback === "object" && feedback !== null ? feedback : {}) as Record<string, unknown>;
    // A field the editor has no input for would be lost on save: edit such a quiz as YAML.
    if (Object.keys(fb).some((k) => !["correct", "incorrect", "hint"].includes(k))) return null;
    const optionKeys = ["id", "text", "correct", "feedback", "hint"];
    if (
      ((options as unknown[] | undefined) ?? []).some(
        (o) => typeof o === "object" && o !== null && Object.keys(o).some((k) => !optionKeys.includes(k)),
      )
    )
      return null;
    out.push({
      id: str(id),
      kind: str(kind),
      prompt: str(prompt),
      options: ((options as unknown[] | undefined) ?? []).map((o) => {
        const r = (typeof o === "object" && o !== null ? o : {}) as Record<string, unknown>;
        return { id: str(r.id), text: str(r.text), correct: r.correct === true, feedback: str(r.feedback), hint: str(r.hint) };
      }),
      answers: ((answers as unknown[] | undefined) ?? []).map(str).join("\n"),
      feedbackCorrect: str(fb.correct),
      feedbackIncorrect: str(fb.incorrect),
      feedbackHint: str(fb.hint),
    });
  }
  const reveal = str(revealAnswers);
  return {
    passMark: str(passMark),
    revealAnswers: reveal === "after-passing" ? "" : reveal,
    revealAfterAttempts: str(revealAfterAttempts),
    questions: out,
  };
}

function freeId(taken: readonly string[], prefix: string): string {
  for (let n = taken.length + 1; ; n += 1) if (!taken.includes(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** The quiz's settings YAML from the question editor's values; empty option rows are dropped. */
export function quizSettingsYaml(value: QuizValue): string {
  const passMark = value.passMark.trim();
  const questions = value.questions.map((q) => {
    const base: Record<string, unknown> = { id: q.id.trim(), kind: q.kind, prompt: q.prompt.trim() };
    if (q.kind === "short") {
      base.answers = q.answers
        .split(/\r?\n/)
        .map((a) => a.trim())
        .filter(Boolean);
      base.feedback = { correct: q.feedbackCorrect.trim(), incorrect: q.feedbackIncorrect.trim() };
      if (q.feedbackHint.trim()) (base.feedback as Record<string, string>).hint = q.feedbackHint.trim();
    } else {
      const options = q.options.filter((o) => o.text.trim() || o.feedback.trim() || o.hint?.trim());
      const ids = options.map((o) => o.id.trim()).filter(Boolean);
      base.options = options.map((o) => {
        const id = o.id.trim() || freeId(ids, "option-");
        if (!o.id.trim()) ids.push(id);
        const option: Record<string, unknown> = { id, text: o.text.trim(), correct: o.correct, feedback: o.feedback.trim() };
        if (o.hint?.trim()) option.hint = o.hint.trim();
        return option;
      });
    }
    return base;
  });
  const number = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim());
  const reveal = value.revealAnswers.trim();
  const settings: Record<string, unknown> = { passMark: number(passMark) };
  // The default (after passing) is left out; the number of attempts only counts with "after-attempts".
  if (reveal && reveal !== "after-passing") settings.revealAnswers = reveal;
  if (reveal === "after-attempts")
    settings.revealAfterAttempts = value.revealAfterAttempts.trim() ? number(value.revealAfterAttempts) : undefined;
  if (settings.revealAfterAttempts === undefined) delete settings.revealAfterAttempts;
  settings.questions = questions;
  return stringify(settings, { lineWidth: 0 }).trimEnd();
}

/** A new, empty question for the editor. */
export function blankQuestion(existing: readonly QuizQuestionValue[]): QuizQuestionValue {
  const id = freeId(
    existing.map((q) => q.id),
    "q",
  );
  const option = (n: number): QuizOptionValue => ({ id: String.fromCharCode(96 + n), text: "", correct: false, feedback: "", hint: "" });
  return {
    id,
    kind: "single",
    prompt: "",
    options: [option(1), option(2)],
    answers: "",
    feedbackCorrect: "",
    feedbackIncorrect: "",
    feedbackHint: "",
  };
}

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

export function readSections(moduleYaml: string): { title: string; count: number }[] {
  const doc = parseAuthorYaml(moduleYaml);
  if (doc.errors.length > 0) return [];
  const data = doc.toJS() as { sections?: unknown };
  if (!Array.isArray(data?.sections)) return [];
  return data.sections.map((section: unknown) => {
    const s = (typeof section === "object" && section !== null ? section : {}) as { title?: unknown; activities?: unknown };
    return { title: str(s.title), count: Array.isArray(s.activities) ? s.activities.length : 0 };
  });
}

/** Adds an empty section at the end; new activities are added to it. */
export function addSection(moduleYaml: string, title: string): string {
  const doc = parseModuleDoc(moduleYaml);
  const sections = doc.get("sections");
  if (isSeq(sections)) sections.add(doc.createNode({ title, activities: [] }));
  else doc.set("sections", [{ title, activities: [] }]);
  return doc.toString({ lineWidth: 0 });
}

export function renameSection(moduleYaml: string, index: number, title: string): string {
  const doc = parseModuleDoc(moduleYaml);
  if (doc.hasIn(["sections", index])) doc.setIn(["sections", index, "title"], title);
  return doc.toString({ lineWidth: 0 });
}

/** Removes a section that has no activities (activities are moved or removed first). */
export function removeEmptySection(moduleYaml: string, index: number): string {
  const doc = parseModuleDoc(moduleYaml);
  const section = readSections(moduleYaml)[index];
  if (!section || section.count > 0) return moduleYaml;
  doc.deleteIn(["sections", index]);
  return doc.toString({ lineWidth: 0 });
}
