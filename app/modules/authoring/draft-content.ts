/**
 * A draft module's content, held exactly as a courses/ folder would hold it (ADR 0011): the text
 * of module.yaml plus one Markdown file (front matter + body) per activity. Pure functions that
 * edit that text; validation is the loader's job (load-course.server.ts), never repeated here.
 */
import { isMap, isSeq, stringify, type Document, type YAMLMap } from "yaml";
import { parseAuthorYaml } from "~/modules/catalog/author-yaml.ts";
import { ACTIVITY_TYPES, type ActivityType } from "../catalog/course-format/activity-types.ts";
import { ID_PATTERN } from "../catalog/course-format.ts";

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

/**
 * What the question editor sent: a field the form did not send is undefined, and is kept as stored
 * (a <select> with nothing selected sends nothing; so does a field the page did not render).
 */
export type QuizOptionSubmission = { id: string; text?: string; correct: boolean; feedback?: string; hint?: string };
export type QuizQuestionSubmission = {
  id: string;
  kind?: string;
  prompt?: string;
  /** Undefined when the question's option rows were not on the form (a short-answer question). */
  options?: QuizOptionSubmission[];
  answers?: string;
  feedbackCorrect?: string;
  feedbackIncorrect?: string;
  feedbackHint?: string;
};
export type QuizSubmission = {
  passMark?: string;
  revealAnswers?: string;
  revealAfterAttempts?: string;
  questions: QuizQuestionSubmission[];
};

/** The form field names of the question editor (quiz-editor.tsx renders these names). */
export const quizFieldName = {
  question: (i: number, field: string) => `quiz.questions[${i}].${field}`,
  option: (i: number, j: number, field: string) => `quiz.questions[${i}].options[${j}].${field}`,
};

/**
 * The editor's parsed values with every field the browser did not send turned into undefined.
 * `sent` says whether the form data holds a name (FormData.has).
 */
export function quizSubmission(value: QuizValue, sent: (name: string) => boolean): QuizSubmission {
  const ifSent = (name: string, v: string) => (sent(name) ? v : undefined);
  return {
    passMark: ifSent("quiz.passMark", value.passMark),
    revealAnswers: ifSent("quiz.revealAnswers", value.revealAnswers),
    revealAfterAttempts: ifSent("quiz.revealAfterAttempts", value.revealAfterAttempts),
    questions: value.questions.map((q, i) => {
      const name = (field: string) => quizFieldName.question(i, field);
      const optionsSent = q.options.some((_, j) => sent(quizFieldName.option(i, j, "id")));
      return {
        id: q.id,
        kind: ifSent(name("kind"), q.kind),
        prompt: ifSent(name("prompt"), q.prompt),
        options: optionsSent
          ? q.options.map((o, j) => {
              const on = (field: string) => quizFieldName.option(i, j, field);
              return {
                id: o.id,
                text: ifSent(on("text"), o.text),
                // A checkbox sends nothing when unticked: on a row that was sent, absent means "not correct".
                correct: o.correct,
                feedback: ifSent(on("feedback"), o.feedback),
                hint: ifSent(on("hint"), o.hint ?? ""),
              };
            })
          : undefined,
        answers: ifSent(name("answers"), q.answers),
        feedbackCorrect: ifSent(name("feedbackCorrect"), q.feedbackCorrect),
        feedbackIncorrect: ifSent(name("feedbackIncorrect"), q.feedbackIncorrect),
        feedbackHint: ifSent(name("feedbackHint"), q.feedbackHint),
      };
    }),
  };
}

/** Every field of the editor's values counts as sent (a new quiz, a new question). */
export function quizSubmissionOf(value: QuizValue): QuizSubmission {
  return quizSubmission(value, () => true);
}

export type QuizMergeResult = { ok: true; settings: string } | { ok: false; message: string };

const CHOICE_KEYS = ["options"];
const SHORT_KEYS = ["answers", "feedback"];

/**
 * The quiz's settings YAML after a save of the question editor: the stored settings with what the
 * editor sent written over them. Questions and options are matched by id; whatever the editor did
 * not send (a field the page did not render, a select with nothing selected, a key the editor has
 * no input for, a comment) is kept as stored. Changing a question's kind drops the fields of the
 * old kind, which the course format does not allow beside the new one. Empty option rows are
 * dropped (that is how an author removes an option); new options get a free id. Text is trimmed.
 */
export function mergeQuizSettings(stored: string, submission: QuizSubmission): QuizMergeResult {
  const parsed = parseAuthorYaml(stored);
  const doc = parsed.errors.length === 0 && isMap(parsed.contents) ? parsed : parseAuthorYaml("{}");
  if (!isMap(doc.contents)) return { ok: false, message: "The quiz settings cannot be read: edit them as YAML." };
  if (doc.contents.flow) doc.contents.flow = false;
  const number = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim());

  if (submission.passMark !== undefined) doc.set("passMark", number(submission.passMark));
  if (submission.revealAnswers !== undefined) {
    const reveal = submission.revealAnswers.trim();
    const storedReveal = str(doc.get("revealAnswers"));
    // "" is the editor's name for the default, after passing: an explicit "after-passing" stays as written.
    if (reveal === "" || reveal === "after-passing") {
      if (storedReveal !== "after-passing") doc.delete("revealAnswers");
    } else doc.set("revealAnswers", reveal);
  }
  const effectiveReveal = str(doc.get("revealAnswers"));
  if (effectiveReveal === "after-attempts") {
    if (submission.revealAfterAttempts !== undefined) {
      const attempts = submission.revealAfterAttempts.trim();
      if (attempts) doc.set("revealAfterAttempts", number(attempts));
      else doc.delete("revealAfterAttempts");
    }
  } else if (submission.revealAnswers !== undefined) {
    // The number of attempts only counts with "after-attempts" (the format refuses it otherwise).
    doc.delete("revealAfterAttempts");
  }

  const storedQuestions = doc.get("questions");
  const storedById = new Map<string, YAMLMap>();
  if (isSeq(storedQuestions))
    for (const item of storedQuestions.items) {
      if (!isMap(item)) continue;
      const id = str(item.get("id"));
      if (id && !storedById.has(id)) storedById.set(id, item);
    }

  const questions: YAMLMap[] = [];
  for (const [index, q] of submission.questions.entries()) {
    const storedQuestion = q.id.trim() ? storedById.get(q.id.trim()) : undefined;
    const node = storedQuestion ? (storedQuestion.clone() as YAMLMap) : (doc.createNode({}) as YAMLMap);
    const kind = q.kind?.trim() || str(storedQuestion?.get("kind"));
    if (!kind) return { ok: false, message: `Choose a kind for question ${index + 1}.` };
    if (!node.has("id")) node.set("id", q.id.trim());
    node.set("kind", kind);
    if (q.prompt !== undefined) node.set("prompt", q.prompt.trim());
    if (kind === "short") {
      for (const key of CHOICE_KEYS) node.delete(key);
      if (q.answers !== undefined)
        node.set(
          "answers",
          doc.createNode(
            q.answers
              .split(/\r?\n/)
              .map((a) => a.trim())
              .filter(Boolean),
          ),
        );
      else if (!node.has("answers")) node.set("answers", doc.createNode([]));
      const storedFeedback = node.get("feedback");
      const feedback = isMap(storedFeedback) ? storedFeedback : (doc.createNode({}) as YAMLMap);
      if (q.feedbackCorrect !== undefined) feedback.set("correct", q.feedbackCorrect.trim());
      if (q.feedbackIncorrect !== undefined) feedback.set("incorrect", q.feedbackIncorrect.trim());
      if (q.feedbackHint !== undefined) {
        if (q.feedbackHint.trim()) feedback.set("hint", q.feedbackHint.trim());
        else feedback.delete("hint");
      }
      if (!feedback.has("correct")) feedback.set("correct", "");
      if (!feedback.has("incorrect")) feedback.set("incorrect", "");
      node.set("feedback", feedback);
    } else {
      for (const key of SHORT_KEYS) node.delete(key);
      if (q.options !== undefined) node.set("options", mergeOptions(doc, node.get("options"), q.options));
      else if (!node.has("options")) node.set("options", doc.createNode([]));
    }
    questions.push(node);
  }
  doc.set("questions", doc.createNode(questions));
  return { ok: true, settings: doc.toString({ lineWidth: 0 }).trimEnd() };
}

function mergeOptions(doc: Document, stored: unknown, submitted: QuizOptionSubmission[]) {
  const storedById = new Map<string, YAMLMap>();
  if (isSeq(stored))
    for (const item of stored.items) {
      if (!isMap(item)) continue;
      const id = str(item.get("id"));
      if (id && !storedById.has(id)) storedById.set(id, item);
    }
  // An option row left (or made) empty is dropped: emptying an option's text, feedback and hint removes it.
  const kept = submitted.filter((o) => {
    const storedOption = storedById.get(o.id.trim());
    return ["text", "feedback", "hint"].some((key) => {
      const value = o[key as "text" | "feedback" | "hint"] ?? str(storedOption?.get(key));
      return value.trim() !== "";
    });
  });
  const ids = kept.map((o) => o.id.trim()).filter(Boolean);
  const out = kept.map((o) => {
    const storedOption = o.id.trim() ? storedById.get(o.id.trim()) : undefined;
    const node = storedOption ? (storedOption.clone() as YAMLMap) : (doc.createNode({}) as YAMLMap);
    let id = o.id.trim();
    if (!id) {
      id = freeId(ids, "option-");
      ids.push(id);
    }
    if (!node.has("id")) node.set("id", id);
    if (o.text !== undefined) node.set("text", o.text.trim());
    node.set("correct", o.correct);
    if (o.feedback !== undefined) node.set("feedback", o.feedback.trim());
    if (o.hint !== undefined) {
      if (o.hint.trim()) node.set("hint", o.hint.trim());
      else node.delete("hint");
    }
    for (const key of ["text", "feedback"]) if (!node.has(key)) node.set(key, "");
    return node;
  });
  return doc.createNode(out);
}

/** The quiz's settings YAML from the question editor's values alone (a quiz with nothing stored yet). */
export function quizSettingsYaml(value: QuizValue): string {
  const merged = mergeQuizSettings("", quizSubmissionOf(value));
  if (!merged.ok) throw new Error(merged.message);
  return merged.settings;
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
