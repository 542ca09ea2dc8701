/**
 * The course-module file format: zod schemas and TypeScript types.
 *
 * A module is a folder under `courses/` holding `module.yaml` plus one Markdown
 * file per activity (YAML front matter + body). This file describes what those
 * files may contain. It is pure: no file-system access. The loader
 * (`load-course.server.ts`) reads the files, runs these schemas, and adds the
 * checks that need the file system (referenced files exist, captions are WebVTT…).
 *
 * Every error message says what is wrong AND what to change, because the people
 * reading them are course authors, not developers. Schema-specific messages are
 * attached to the schemas; everything else goes through `courseErrorMap`, which
 * the `parse*` helpers below pass to zod.
 *
 * The format is documented for authors in `courses/README.md`; keep the two in step.
 */
import { z } from "zod";
import { GoalSchema, type Goal } from "../blocks/goals.ts";
import { BLOCK_TYPES, type BlockType, isBlockType, type Program, ProgramSchema } from "../blocks/program.ts";
import { type Backdrop, BACKDROP_NAMES, HALF_HEIGHT, HALF_WIDTH, LABEL_MAX_LENGTH, MARKER_KINDS, OBSTACLE_KINDS } from "../blocks/scene.ts";
import { CODE_LANGUAGES, EXERCISE_KINDS } from "../exercises/harness.ts";
import { starterArrangementProblem } from "../exercises/parsons.ts";

// ---------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------

/** Stable ids and slugs: lower-case kebab-case, e.g. `spotting-bias-2`. */
export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const ID_MAX_LENGTH = 80;

/** Turns arbitrary text into a suggestion that matches ID_PATTERN. */
export function suggestId(input: string): string {
  const slug = input
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, ID_MAX_LENGTH)
    .replace(/-+$/, "");
  return slug || "my-id";
}

const idRules = "lower-case letters a-z, digits and single hyphens between words";

/** A stable identifier (module id, activity id, question id…) or a topic slug. */
export const stableIdSchema = z
  .string()
  .max(ID_MAX_LENGTH, {
    error: `Too long: ids may be at most ${ID_MAX_LENGTH} characters. Shorten it.`,
  })
  .regex(ID_PATTERN, {
    error: (issue) => {
      const input = typeof issue.input === "string" ? issue.input : "";
      return `"${input}" is not a valid id: use only ${idRules} (no spaces, capitals, underscores or leading/trailing hyphens), e.g. "${suggestId(input)}".`;
    },
  });

/** A string that must contain something other than whitespace. */
function text() {
  return z.string().refine((value) => value.trim().length > 0, {
    error: "This is blank. Write some text, or remove the field if it is optional.",
  });
}

/** Text with a length range, in characters. */
function sizedText(min: number, max: number) {
  return text()
    .min(min, {
      error: (issue) => `Too short: must be ${min}-${max} characters (currently ${lengthOf(issue.input)}). Write a little more.`,
    })
    .max(max, {
      error: (issue) => `Too long: must be ${min}-${max} characters (currently ${lengthOf(issue.input)}). Shorten it.`,
    });
}

function lengthOf(input: unknown): number {
  return typeof input === "string" ? input.length : 0;
}

/** Levenshtein distance, for "did you mean …?" hints on misspelt field names. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const left = row[j - 1] ?? 0;
      row[j] = Math.min(above + 1, left + 1, diagonal + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The candidate closest to `word` if it is a near miss (typo), else undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3; // only suggest near misses
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * An object that rejects unknown fields, so typos such as `pasMark` are caught
 * instead of silently ignored. The message lists the allowed fields.
 */
function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const keys = issue.keys;
      const hint = keys.length === 1 && keys[0] !== undefined ? closest(keys[0], allowed) : undefined;
      return (
        `Unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}. ` +
        (hint ? `Did you mean "${hint}"? ` : "Remove it or fix the spelling. ") +
        `Allowed fields here: ${allowed.join(", ")}.`
      );
    },
  });
}

/**
 * Adds an "each value appears once" check to a list. Runs even when some items
 * are invalid (so all problems are reported together) and therefore inspects
 * the raw input defensively.
 */
function uniqueItems<T extends z.ZodType<unknown[]>>(schema: T, options: { key?: string; what: string }) {
  return schema.superRefine(
    (items: unknown, ctx) => {
      if (!Array.isArray(items)) return;
      const seen = new Map<string, number>();
      items.forEach((item: unknown, index) => {
        const value = options.key === undefined ? item : isRecord(item) ? item[options.key] : undefined;
        if (typeof value !== "string") return;
        const first = seen.get(value);
        if (first === undefined) {
          seen.set(value, index);
          return;
        }
        ctx.addIssue({
          code: "custom",
          path: options.key === undefined ? [index] : [index, options.key],
          message: `Duplicate ${options.what} "${value}" (already used by item ${first + 1} of this list). Each ${options.what} must appear once: change or remove this one.`,
        });
      });
    },
    { when: (payload) => Array.isArray(payload.value) },
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A calendar date, normalised to "YYYY-MM-DD". YAML parsers may turn an unquoted
 * `2025-09-01` into a Date object (YAML 1.1) or leave it as a string (YAML 1.2);
 * both are accepted.
 */
export const isoDateSchema = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string({
      error: (issue) => (issue.input === undefined ? undefined : invalidDate(issue.input)),
    })
    .refine(isCalendarDate, {
      error: (issue) => invalidDate(issue.input),
    }),
);

function invalidDate(input: unknown): string {
  return `${JSON.stringify(input)} is not a valid date. Write it as YYYY-MM-DD, e.g. 2025-09-01 (and check the day exists in that month).`;
}

/**
 * A path to a file inside the module folder, written relative to it with
 * forward slashes (e.g. `media/intro.mp4`). Pure check; existence is checked by
 * the loader.
 */
export function relativePathProblem(value: string, extensions: readonly string[]): string | undefined {
  const list = extensions.join(" or ");
  if (value.trim() === "") return `The path is empty. Give a path relative to the module folder ending in ${list}.`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    return `"${value}" looks like a URL or drive letter. Put the file inside the module folder and give its relative path (e.g. media/file${extensions[0] ?? ""}).`;
  }
  if (value.startsWith("/")) return `"${value}" is an absolute path. Write it relative to the module folder, without the leading "/".`;
  if (value.includes("\\")) return `"${value}" contains a backslash. Use forward slashes: ${value.replace(/\\/g, "/")}.`;
  const segments = value.split("/");
  if (segments.includes("..")) return `"${value}" points outside the module folder (".."). Files must live inside the module folder.`;
  if (segments.some((s) => s === "" || s === ".")) {
    return `"${value}" has an empty or "." path segment. Write it plainly, e.g. ${segments.filter((s) => s !== "" && s !== ".").join("/")}.`;
  }
  if (!extensions.some((ext) => value.toLowerCase().endsWith(ext))) return `"${value}" must be a ${list} file. Check the file name.`;
  return undefined;
}

function relativePath(extensions: readonly string[]) {
  return z.string().superRefine((value, ctx) => {
    const problem = relativePathProblem(value, extensions);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

// ---------------------------------------------------------------------------
// module.yaml
// ---------------------------------------------------------------------------

export const AUDIENCES = [
  "primary-teachers",
  "secondary-teachers",
  "secondary-computing-teachers",
  "subject-leaders",
  "headteachers",
  "careers-leaders",
  "teaching-assistants",
  "it-professionals",
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const KEY_STAGES = ["KS1", "KS2", "KS3", "KS4", "KS5"] as const;
export type KeyStage = (typeof KEY_STAGES)[number];

export const AUTHOR_ROLES = ["author", "contributor", "industry-partner", "reviewer"] as const;
export type AuthorRole = (typeof AUTHOR_ROLES)[number];

function nonEmptyList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).min(1, { error: `The list is empty. Add at least one ${what}.` });
}

export const availabilitySchema = strictObject({
  from: isoDateSchema.optional(),
  until: isoDateSchema.optional(),
}).refine((value) => value.from === undefined || value.until === undefined || value.until > value.from, {
  path: ["until"],
  error: "`until` must be a later date than `from`. Swap or correct the dates.",
});
export type Availability = z.output<typeof availabilitySchema>;

export const authorSchema = strictObject({
  name: text(),
  role: z.enum(AUTHOR_ROLES),
  organisation: text().optional(),
});
export type Author = z.output<typeof authorSchema>;

export const completionSchema = strictObject({
  required: z.union([z.literal("all"), nonEmptyList(stableIdSchema, "activity id")], {
    error: (issue) =>
      issue.code !== "invalid_union"
        ? undefined
        : issue.input === undefined
          ? `Missing required field "required". Add required: all (or a list of activity ids).`
          : `Use either "all" (every activity must be completed) or a list of activity ids, e.g. [intro-reading, final-quiz].`,
  }),
});
export type Completion = z.output<typeof completionSchema>;

export const sectionSchema = strictObject({
  title: text(),
  activities: nonEmptyList(relativePath([".md"]), "activity file (e.g. 01-introduction.md)"),
});
export type Section = z.output<typeof sectionSchema>;

/** Checks that each activity file is listed in only one place across all sections. */
const sectionsSchema = nonEmptyList(sectionSchema, "section").superRefine(
  (sections: unknown, ctx) => {
    if (!Array.isArray(sections)) return;
    const seen = new Map<string, string>();
    sections.forEach((section: unknown, s) => {
      if (!isRecord(section) || !Array.isArray(section.activities)) return;
      section.activities.forEach((file: unknown, a) => {
        if (typeof file !== "string") return;
        const first = seen.get(file);
        if (first === undefined) {
          seen.set(file, `sections[${s}].activities[${a}]`);
          return;
        }
        ctx.addIssue({
          code: "custom",
          path: [s, "activities", a],
          message: `"${file}" is already listed at ${first}. Each activity file may be used once: remove this entry.`,
        });
      });
    });
  },
  { when: (payload) => Array.isArray(payload.value) },
);

export const moduleFileSchema = strictObject({
  id: stableIdSchema,
  title: sizedText(3, 120),
  summary: sizedText(10, 300),
  description: text().optional(),
  outcomes: nonEmptyList(text(), "learning outcome"),
  audience: uniqueItems(nonEmptyList(z.enum(AUDIENCES), "audience"), {
    what: "audience",
  }),
  keyStages: uniqueItems(nonEmptyList(z.enum(KEY_STAGES), "key stage"), {
    what: "key stage",
  }),
  topics: uniqueItems(nonEmptyList(stableIdSchema, "topic slug"), {
    what: "topic",
  }),
  cpdHours: z
    .number()
    .gt(0, { error: "CPD hours must be more than 0." })
    .max(100, { error: "CPD hours may be at most 100. Check the value." })
    .multipleOf(0.5, { error: "Use whole or half hours, e.g. 1 or 1.5." }),
  prerequisites: z.array(text()).default([]),
  availability: availabilitySchema.optional(),
  authors: nonEmptyList(authorSchema, "author ({ name, role })"),
  versionNotes: text().optional(),
  completion: completionSchema,
  sections: sectionsSchema,
});

/** module.yaml as parsed (dates normalised, defaults applied). */
export type ModuleFile = z.output<typeof moduleFileSchema>;
/** The module's own metadata: module.yaml without `sections`. */
export type ModuleMeta = Omit<ModuleFile, "sections">;

// ---------------------------------------------------------------------------
// Activities (front matter of each activity Markdown file)
// ---------------------------------------------------------------------------

/** Fields every activity has. Each type schema extends this. */
const activityBase = {
  id: stableIdSchema,
  title: sizedText(1, 120),
  minutes: z
    .number()
    .int({ error: "Use a whole number of minutes, e.g. 15." })
    .min(1, { error: "`minutes` must be at least 1." })
    .max(240, {
      error: "`minutes` may be at most 240. Split longer activities into several.",
    }),
};

export const readingActivitySchema = strictObject({
  ...activityBase,
  type: z.literal("reading"),
});

export const videoActivitySchema = strictObject({
  ...activityBase,
  type: z.literal("video"),
  src: relativePath([".mp4", ".webm"]),
  captions: relativePath([".vtt"]),
});

const optionSchema = strictObject({
  id: stableIdSchema,
  text: text(),
  correct: z.boolean(),
  feedback: text(),
  /** Shown before the answers are revealed to a learner who chose this (wrong) option: the misconception, not the answer. */
  hint: text().optional(),
});

function optionList(rule: "exactly-one" | "at-least-one") {
  const base = uniqueItems(
    z
      .array(optionSchema)
      .min(2, {
        error: "A choice question needs at least 2 options. Add more.",
      })
      .max(8, {
        error: "A choice question may have at most 8 options. Remove some.",
      }),
    { key: "id", what: "option id" },
  );
  return base.superRefine((options, ctx) => {
    options.forEach((option, index) => {
      if (option.correct && option.hint !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [index, "hint"],
          message: `Option "${option.id}" is correct, so it cannot have a hint: a hint explains why a wrong choice is wrong, before the answers are shown. Remove it (explain the right answer in "feedback").`,
        });
      }
    });
    const correct = options.filter((option) => option.correct).length;
    if (rule === "exactly-one" && correct !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          correct === 0
            ? `A "single" question needs exactly one option with correct: true (found none). Mark the right answer.`
            : `A "single" question needs exactly one option with correct: true (found ${correct}). Mark only one, or change kind to "multiple".`,
      });
    }
    if (rule === "at-least-one" && correct === 0) {
      ctx.addIssue({
        code: "custom",
        message: `A "multiple" question needs at least one option with correct: true. Mark the right answers.`,
      });
    }
  });
}

const questionBase = { id: stableIdSchema, prompt: text() };

export const QUESTION_KINDS = ["single", "multiple", "short"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const questionSchema = z.discriminatedUnion(
  "kind",
  [
    strictObject({
      ...questionBase,
      kind: z.literal("single"),
      options: optionList("exactly-one"),
    }),
    strictObject({
      ...questionBase,
      kind: z.literal("multiple"),
      options: optionList("at-least-one"),
    }),
    strictObject({
      ...questionBase,
      kind: z.literal("short"),
      answers: nonEmptyList(text(), "accepted answer"),
      feedback: strictObject({ correct: text(), incorrect: text(), hint: text().optional() }),
    }),
  ],
  {
    error: (issue) => (issue.code === "invalid_union" ? unknownDiscriminator("kind", issue.input, QUESTION_KINDS) : undefined),
  },
);
export type Question = z.output<typeof questionSchema>;

/**
 * When a learner is shown the right answers and their explanations (docs/decisions/0023): after
 * passing (the default), after a number of attempts (`revealAfterAttempts`), or after any attempt.
 * Until then the browser never receives them.
 */
export const REVEAL_ANSWERS = ["after-passing", "after-attempts", "after-any-attempt"] as const;
export type RevealAnswers = (typeof REVEAL_ANSWERS)[number];
export const REVEAL_AFTER_ATTEMPTS_MAX = 20;

export const quizActivitySchema = strictObject({
  ...activityBase,
  type: z.literal("quiz"),
  passMark: z
    .number()
    .int({ error: "Use a whole-number percentage for passMark, e.g. 80." })
    .min(0, { error: "passMark is a percentage: 0-100." })
    .max(100, { error: "passMark is a percentage: 0-100." }),
  revealAnswers: z.enum(REVEAL_ANSWERS, { error: (issue) => unknownValue("revealAnswers", issue.input, REVEAL_ANSWERS) }).optional(),
  revealAfterAttempts: z
    .number()
    .int({ error: "Use a whole number of attempts for revealAfterAttempts, e.g. 3." })
    .min(1, { error: `revealAfterAttempts is a number of attempts: 1-${REVEAL_AFTER_ATTEMPTS_MAX}.` })
    .max(REVEAL_AFTER_ATTEMPTS_MAX, { error: `revealAfterAttempts is a number of attempts: 1-${REVEAL_AFTER_ATTEMPTS_MAX}.` })
    .optional(),
  questions: uniqueItems(nonEmptyList(questionSchema, "question"), {
    key: "id",
    what: "question id",
  }),
}).superRefine((input: unknown, ctx) => {
  // Runs even when other fields are invalid: inspect defensively.
  if (!isRecord(input)) return;
  if (input.revealAnswers === "after-attempts" && input.revealAfterAttempts === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["revealAfterAttempts"],
      message: `With revealAnswers: after-attempts, say after how many attempts the answers are shown, e.g. revealAfterAttempts: 3.`,
    });
  }
  if (input.revealAfterAttempts !== undefined && input.revealAnswers !== "after-attempts") {
    ctx.addIssue({
      code: "custom",
      path: ["revealAfterAttempts"],
      message: `revealAfterAttempts only applies with revealAnswers: after-attempts. Remove it, or set revealAnswers: after-attempts.`,
    });
  }
});

export const reflectionActivitySchema = strictObject({
  ...activityBase,
  type: z.literal("reflection"),
  prompt: text(),
});

/** A program or test written in YAML: any text (may span lines with `|`), but not blank. */
const programText = () => text();

const codeTestSchema = strictObject({
  name: sizedText(1, 120),
  code: programText(),
  message: text(),
});

/** Exercise inputs: text, though a bare number such as `- 12` is accepted and kept as written. */
const inputSchema = z.preprocess((value) => (typeof value === "number" ? String(value) : value), z.string());

function unknownValue(field: string, value: unknown, known: readonly string[]): string | undefined {
  if (value === undefined) return undefined; // "missing field" comes from courseErrorMap
  const hint = typeof value === "string" ? closest(value, known) : undefined;
  return `Unknown ${field} ${JSON.stringify(value)}.${hint ? ` Did you mean "${hint}"?` : ""} Use one of: ${known.join(", ")}.`;
}

/** Kinds whose `starter` is the learner's starting point and must fail the tests. */
const KINDS_WITH_STARTER = ["write", "find-the-bug"] as const;

export const codeActivitySchema = strictObject({
  ...activityBase,
  type: z.literal("code"),
  language: z.enum(CODE_LANGUAGES, { error: (issue) => unknownValue("language", issue.input, CODE_LANGUAGES) }),
  kind: z.enum(EXERCISE_KINDS, { error: (issue) => unknownValue("kind", issue.input, EXERCISE_KINDS) }),
  starter: z.string().optional(),
  solution: programText(),
  wrongSolutions: z.array(programText()).optional(),
  tests: uniqueItems(z.array(codeTestSchema), { key: "name", what: "test name" }).default([]),
  inputs: z.array(inputSchema).default([]),
  hints: z.array(text()).default([]),
  predict: strictObject({ question: text() }).optional(),
  parsons: strictObject({
    lines: z
      .array(
        z.string().refine((line) => line.trim() !== "", {
          error: "A Parsons line is blank. Leave blank lines out: each line is one block to arrange.",
        }),
      )
      .min(2, { error: "A Parsons problem needs at least 2 lines to arrange." }),
    distractors: z
      .array(
        z.string().refine((line) => line.trim() !== "", {
          error: "A distractor is blank. Remove it or write the wrong line it should offer.",
        }),
      )
      .optional(),
  }).optional(),
}).superRefine(
  (input: unknown, ctx) => {
    // Runs even when other fields are invalid (so every problem is reported at once): inspect defensively.
    if (!isRecord(input) || typeof input.kind !== "string" || !(EXERCISE_KINDS as readonly string[]).includes(input.kind)) return;
    const exercise = input as { kind: string; starter?: unknown; tests?: unknown; predict?: unknown; parsons?: unknown };
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const { kind } = exercise;
    const starter = typeof exercise.starter === "string" ? exercise.starter : undefined;
    if ((KINDS_WITH_STARTER as readonly string[]).includes(kind) && exercise.starter === undefined) {
      problem(
        ["starter"],
        kind === "find-the-bug"
          ? `A find-the-bug exercise needs "starter": the program with the bug planted in it.`
          : `A write exercise needs "starter": the code learners begin with (write starter: "" to start from an empty editor).`,
      );
    }
    if (kind === "find-the-bug" && starter !== undefined && starter.trim() === "") {
      problem(["starter"], "The starter is blank. A find-the-bug exercise starts from the program with the bug in it.");
    }
    if (kind !== "predict" && (exercise.tests === undefined || (Array.isArray(exercise.tests) && exercise.tests.length === 0))) {
      problem(["tests"], `A ${kind} exercise needs at least one test ({ name, code, message }) to check the learner's program.`);
    }
    if (kind === "predict" && exercise.predict === undefined) {
      problem(["predict"], `A predict exercise needs "predict: { question }": what learners predict before running the program.`);
    }
    if (kind !== "predict" && exercise.predict !== undefined) {
      problem(["predict"], `"predict" is only for kind: predict. Remove it, or change kind to predict.`);
    }
    if (kind === "parsons" && exercise.parsons === undefined) {
      problem(["parsons"], `A parsons exercise needs "parsons: { lines }": the correct program, one line per item, indentation included.`);
    }
    if (kind !== "parsons" && exercise.parsons !== undefined) {
      problem(["parsons"], `"parsons" is only for kind: parsons. Remove it, or change kind to parsons.`);
    }
    if (kind === "parsons" && isRecord(exercise.parsons)) {
      const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
      const lines = strings(exercise.parsons.lines);
      const distractors = strings(exercise.parsons.distractors);
      const trimmed = new Set(lines.map((line) => line.trim()));
      distractors.forEach((line, index) => {
        if (trimmed.has(line.trim())) {
          problem(
            ["parsons", "distractors", index],
            `This distractor is the same as a correct line, so learners could not tell them apart. Change or remove it.`,
          );
        }
      });
      if (starter !== undefined && starter.trim() !== "" && lines.length > 0) {
        const arrangement = starterArrangementProblem(starter, [...lines, ...distractors]);
        if (arrangement) problem(["starter"], arrangement);
      }
    }
  },
  { when: (payload) => isRecord(payload.value) },
);

// ---------------------------------------------------------------------------
// Block exercises (type: blocks): programs and goals written in YAML
// ---------------------------------------------------------------------------

/** "Unknown block …" with a near-miss suggestion; block names are those of app/modules/blocks/program.ts (BLOCKS). */
export function unknownBlockMessage(name: unknown): string {
  const hint = typeof name === "string" ? closest(name, BLOCK_TYPES) : undefined;
  return (
    `Unknown block ${JSON.stringify(name)}.` +
    (hint ? ` Did you mean "${hint}"?` : "") +
    ` Use a block name from the list in courses/README.md (e.g. motion_movesteps, control_repeat).`
  );
}

/** A block name (a BLOCKS key), e.g. in `toolbox` or a usesBlocks goal. */
const blockNameSchema = z
  .string()
  .superRefine((value, ctx) => {
    if (!isBlockType(value)) ctx.addIssue({ code: "custom", message: unknownBlockMessage(value) });
  })
  .transform((value) => value as BlockType);

/** Every `type` inside a raw program that is not a known block, with its path. */
function unknownBlocksIn(value: unknown, path: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownBlocksIn(item, [...path, i]));
  if (!isRecord(value)) return [];
  const own =
    typeof value.type === "string" && !isBlockType(value.type)
      ? [{ path: [...path, "type"], message: unknownBlockMessage(value.type) }]
      : [];
  return [...own, ...Object.entries(value).flatMap(([key, item]) => (key === "type" ? [] : unknownBlocksIn(item, [...path, key])))];
}

/** Messages for the issues zod raises inside a program or goal that courseErrorMap does not cover. */
function blockIssueMessage(issue: z.core.$ZodIssue, what: "program" | "goal", root: unknown): string {
  const field = issue.path.at(-1);
  if (issue.code === "invalid_union" && typeof field === "string" && valueAt(root, issue.path) === undefined) {
    return `Missing required field "${field}". Add it: a number, some text or a reporter block.`;
  }
  if (issue.code === "invalid_union") {
    return what === "program"
      ? "This value is not valid here. Give a number, some text, or a reporter block such as { type: operator_add, left: 1, right: 2 } (true/false slots also take null for empty)."
      : "This goal is not valid. Check its fields against the list of goals in courses/README.md.";
  }
  if (issue.code === "unrecognized_keys") {
    return `Unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} in this ${what === "program" ? "block" : "goal"}. Remove ${issue.keys.length > 1 ? "them" : "it"} or fix the spelling (the fields of each ${what === "program" ? "block" : "goal"} are listed in courses/README.md).`;
  }
  if (issue.code === "invalid_value" && issue.path.at(-1) === "version") return "A program starts with version: 1.";
  return issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (Array.isArray(value) && typeof key === "number") value = value[key];
    else if (isRecord(value) && typeof key === "string") value = value[key];
    else return undefined;
  }
  return value;
}

/**
 * A block program written in YAML or JSON ({ version: 1, scripts: [...] }), checked against
 * ProgramSchema. Unknown block names are reported first, each with a "did you mean".
 */
function blockProgramSchema(field: string) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === undefined || value === null) {
        ctx.addIssue({
          code: "custom",
          message: `Missing required field "${field}". Add a program: { version: 1, scripts: [ ... ] } (the /dev/blocks page shows any program you build as JSON).`,
        });
        return;
      }
      const unknown = unknownBlocksIn(value);
      for (const problem of unknown) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
      if (unknown.length > 0) return;
      const parsed = ProgramSchema.safeParse(value, { error: courseErrorMap });
      for (const issue of parsed.error?.issues ?? []) {
        ctx.addIssue({ code: "custom", path: issue.path, message: blockIssueMessage(issue, "program", value) });
      }
    })
    .transform((value) => value as Program);
}

export const GOAL_TYPES = GoalSchema.options.map((option) => option.shape.type.value);

/** One goal ({ type: position, x: 0, y: 0 }…), checked against GoalSchema with friendly messages. */
const goalSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    if (!isRecord(value)) {
      ctx.addIssue({ code: "custom", message: "A goal is a group of fields, e.g. { type: position, x: 0, y: 0 }." });
      return;
    }
    if (typeof value.type !== "string" || !(GOAL_TYPES as readonly string[]).includes(value.type)) {
      ctx.addIssue({ code: "custom", path: ["type"], message: unknownDiscriminator("type", value, GOAL_TYPES) });
      return;
    }
    if (value.type === "usesBlocks" && Array.isArray(value.blocks)) {
      const unknown = value.blocks.flatMap((name: unknown, i) => (typeof name === "string" && isBlockType(name) ? [] : [i]));
      for (const i of unknown) ctx.addIssue({ code: "custom", path: ["blocks", i], message: unknownBlockMessage(value.blocks[i]) });
      if (unknown.length > 0) return;
    }
    const parsed = GoalSchema.safeParse(value, { error: courseErrorMap });
    for (const issue of parsed.error?.issues ?? [])
      ctx.addIssue({ code: "custom", path: issue.path, message: blockIssueMessage(issue, "goal", value) });
  })
  .transform((value) => value as Goal);

const coordinate = (axis: "x" | "y", limit: number) =>
  z
    .number()
    .min(-limit, { error: `${axis} must be between -${limit} and ${limit} (the stage is 480 × 360, centred on 0, 0).` })
    .max(limit, { error: `${axis} must be between -${limit} and ${limit} (the stage is 480 × 360, centred on 0, 0).` });

/** A label drawn on the stage and read aloud: required, short. */
const sceneLabel = text().pipe(
  z.string().max(LABEL_MAX_LENGTH, {
    error: `Too long: a label is drawn on the stage and read aloud, so keep it to ${LABEL_MAX_LENGTH} characters or fewer (e.g. "Treasure").`,
  }),
);

const sceneSize = (what: "width" | "height", limit: number) =>
  z
    .number()
    .positive({ error: `${what} must be more than 0 (in steps).` })
    .max(limit, { error: `${what} may be at most ${limit}: the stage is 480 × 360.` });

/**
 * What the stage shows behind the sprite (app/modules/blocks/scene.ts): a backdrop, goal markers and
 * obstacles, all inside the stage.
 */
const sceneSchema = strictObject({
  backdrop: z
    .enum(BACKDROP_NAMES as [Backdrop, ...Backdrop[]], {
      error: (issue) => unknownDiscriminator("backdrop", { backdrop: issue.input }, BACKDROP_NAMES),
    })
    .optional(),
  markers: z
    .array(
      strictObject({
        kind: z.enum(MARKER_KINDS, { error: (issue) => unknownDiscriminator("kind", { kind: issue.input }, MARKER_KINDS) }),
        x: coordinate("x", HALF_WIDTH),
        y: coordinate("y", HALF_HEIGHT),
        label: sceneLabel,
      }),
    )
    .max(30, { error: "A scene may have at most 30 markers." })
    .optional(),
  obstacles: z
    .array(
      strictObject({
        kind: z.enum(OBSTACLE_KINDS, { error: (issue) => unknownDiscriminator("kind", { kind: issue.input }, OBSTACLE_KINDS) }).optional(),
        x: coordinate("x", HALF_WIDTH),
        y: coordinate("y", HALF_HEIGHT),
        width: sceneSize("width", HALF_WIDTH * 2),
        height: sceneSize("height", HALF_HEIGHT * 2),
        label: sceneLabel,
      }).superRefine((o, ctx) => {
        if (o.x + o.width > HALF_WIDTH) {
          ctx.addIssue({
            code: "custom",
            path: ["width"],
            message: `The obstacle goes past the right edge of the stage (x ${o.x} + width ${o.width} = ${o.x + o.width}, more than ${HALF_WIDTH}). (x, y) is its bottom-left corner: make it narrower or move it left.`,
          });
        }
        if (o.y + o.height > HALF_HEIGHT) {
          ctx.addIssue({
            code: "custom",
            path: ["height"],
            message: `The obstacle goes past the top edge of the stage (y ${o.y} + height ${o.height} = ${o.y + o.height}, more than ${HALF_HEIGHT}). (x, y) is its bottom-left corner: make it shorter or move it down.`,
          });
        }
      }),
    )
    .max(30, { error: "A scene may have at most 30 obstacles." })
    .optional(),
});

export const blocksActivitySchema = strictObject({
  ...activityBase,
  type: z.literal("blocks"),
  toolbox: uniqueItems(nonEmptyList(blockNameSchema, "block (e.g. motion_movesteps)"), { what: "block" }),
  maxBlocks: z
    .number()
    .int({ error: "Use a whole number of blocks, e.g. 6." })
    .min(1, { error: "`maxBlocks` must be at least 1." })
    .max(500, { error: "`maxBlocks` may be at most 500." })
    .optional(),
  start: strictObject({
    x: coordinate("x", 240).default(0),
    y: coordinate("y", 180).default(0),
    direction: z
      .number()
      .min(-180, { error: "direction is in degrees from -180 to 180 (90 = right, 0 = up, -90 = left, 180 = down)." })
      .max(180, { error: "direction is in degrees from -180 to 180 (90 = right, 0 = up, -90 = left, 180 = down)." })
      .default(90),
  }).default({ x: 0, y: 0, direction: 90 }),
  stepLimit: z
    .number()
    .int({ error: "Use a whole number of steps, e.g. 2000." })
    .min(100, { error: "`stepLimit` must be at least 100 blocks run." })
    .max(100_000, { error: "`stepLimit` may be at most 100000: a longer run makes every check slow." })
    .optional(),
  starting: blockProgramSchema("starting"),
  solution: blockProgramSchema("solution"),
  wrongSolutions: z.array(blockProgramSchema("wrongSolutions")).optional(),
  goals: nonEmptyList(goalSchema, "goal (e.g. { type: position, x: 0, y: 0 })"),
  scene: sceneSchema.optional(),
  hints: z.array(text()).default([]),
}).superRefine(
  (input: unknown, ctx) => {
    // Runs even when other fields are invalid (so every problem is reported at once): inspect defensively.
    if (!isRecord(input) || !Array.isArray(input.toolbox) || !Array.isArray(input.goals)) return;
    const toolbox = new Set(input.toolbox.filter((b): b is string => typeof b === "string"));
    input.goals.forEach((goal: unknown, g) => {
      if (!isRecord(goal) || goal.type !== "usesBlocks" || !Array.isArray(goal.blocks)) return;
      goal.blocks.forEach((name: unknown, b) => {
        if (typeof name === "string" && isBlockType(name) && !toolbox.has(name)) {
          ctx.addIssue({
            code: "custom",
            path: ["goals", g, "blocks", b],
            message: `The goal asks for "${name}", but it is not in the toolbox, so learners could never use it. Add it to toolbox or change the goal.`,
          });
        }
      });
    });
  },
  { when: (payload) => isRecord(payload.value) },
);

function unknownDiscriminator(field: string, input: unknown, known: readonly string[]): string {
  const value = isRecord(input) ? input[field] : undefined;
  const list = known.join(", ");
  if (value === undefined || value === null) return `Missing "${field}". Add ${field}: with one of: ${list}.`;
  const hint = typeof value === "string" ? closest(value, known) : undefined;
  return `Unknown ${field} ${JSON.stringify(value)}.${hint ? ` Did you mean "${hint}"?` : ""} Use one of: ${list}.`;
}

/**
 * ADDING AN ACTIVITY TYPE: write its schema above (spread `activityBase`, add a
 * `type: z.literal(...)`), add it to this list, then add its entry to
 * `ACTIVITY_TYPE_RULES` below (TypeScript insists) and document it in
 * courses/README.md.
 */
const activitySchemas = [
  readingActivitySchema,
  videoActivitySchema,
  quizActivitySchema,
  reflectionActivitySchema,
  codeActivitySchema,
  blocksActivitySchema,
] as const;

/** Known activity types, in the order they are documented. */
export const ACTIVITY_TYPES = activitySchemas.map((schema) => schema.shape.type.value);

export const activityFrontMatterSchema = z.discriminatedUnion("type", activitySchemas, {
  error: (issue) => (issue.code === "invalid_union" ? unknownDiscriminator("type", issue.input, ACTIVITY_TYPES) : undefined),
});

export type ActivityFrontMatter = z.output<typeof activityFrontMatterSchema>;
export type ActivityType = ActivityFrontMatter["type"];
export type ActivityOf<T extends ActivityType> = Extract<ActivityFrontMatter, { type: T }>;

/** A file inside the module folder that an activity's front matter points at. */
export type ActivityFileReference = {
  /** Front-matter field holding the path, e.g. "captions". */
  field: string;
  /** Path relative to the module folder. */
  path: string;
  /** Checks the file's contents; returns what is wrong, or undefined if fine. */
  checkContents?: (bytes: Buffer) => string | undefined;
};

/** Rules for each activity type that go beyond its front-matter schema. */
export type ActivityTypeRules<A> = {
  /** Whether the Markdown body must have content, and what it is used for (for messages/docs). */
  body: { required: boolean; purpose: string };
  /** Files in the module folder this activity uses; the loader checks they exist. */
  files: (activity: A) => ActivityFileReference[];
};

function checkWebVtt(bytes: Buffer): string | undefined {
  const textContent = bytes.toString("utf8").replace(/^\uFEFF/, "");
  return textContent.startsWith("WEBVTT")
    ? undefined
    : `Captions must be a WebVTT file whose first line starts with "WEBVTT". Convert the captions to .vtt (e.g. from .srt) and check the header.`;
}

export const ACTIVITY_TYPE_RULES: {
  [T in ActivityType]: ActivityTypeRules<ActivityOf<T>>;
} = {
  reading: {
    body: { required: true, purpose: "the reading text" },
    files: () => [],
  },
  video: {
    body: { required: true, purpose: "the full transcript of the video" },
    files: (activity) => [
      { field: "src", path: activity.src },
      {
        field: "captions",
        path: activity.captions,
        checkContents: checkWebVtt,
      },
    ],
  },
  quiz: {
    body: {
      required: false,
      purpose: "an optional introduction shown before the questions",
    },
    files: () => [],
  },
  reflection: {
    body: {
      required: false,
      purpose: "optional guidance shown with the prompt",
    },
    files: () => [],
  },
  code: {
    body: { required: true, purpose: "the exercise's instructions: what learners should make the program do" },
    files: () => [],
  },
  blocks: {
    body: { required: true, purpose: "the exercise's instructions: what learners should make the sprite do" },
    files: () => [],
  },
};

/** Type-safe lookup of a type's rules for an already-parsed activity. */
export function rulesFor<A extends ActivityFrontMatter>(activity: A): ActivityTypeRules<A> {
  return ACTIVITY_TYPE_RULES[activity.type] as unknown as ActivityTypeRules<A>;
}

// ---------------------------------------------------------------------------
// Friendly messages for zod's generic issues
// ---------------------------------------------------------------------------

function describeValue(value: unknown): string {
  if (value === null) return "nothing (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  if (typeof value === "object") return "a group of fields";
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

const expectedNames: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: 'a list (lines starting with "- ")',
  object: "a group of indented fields",
};

/**
 * zod error map used when parsing course files. Schema-level messages above take
 * precedence; this covers the rest (missing fields, wrong types, enums…).
 */
export const courseErrorMap: z.core.$ZodErrorMap = (issue) => {
  const field = issue.path?.at(-1);
  const name = typeof field === "string" ? `"${field}"` : "This item";
  switch (issue.code) {
    case "invalid_type": {
      const expected = expectedNames[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `Missing required field ${name}. Add it (${expected}).`;
      if (issue.input === null) return `${name} is empty. Give it a value (${expected}) or remove the line if it is optional.`;
      const quotedHint = issue.expected === "number" && typeof issue.input === "string" ? " Remove the quotes around the number." : "";
      return `${name} should be ${expected}, but is ${describeValue(issue.input)}.${quotedHint}`;
    }
    case "invalid_value":
      return `${JSON.stringify(issue.input)} is not allowed here. Use one of: ${issue.values.map(String).join(", ")}.`;
    case "too_small":
      if (issue.origin === "array") return `The list needs at least ${String(issue.minimum)} item(s). Add more.`;
      if (issue.origin === "string") return `Too short: at least ${String(issue.minimum)} characters. Write more.`;
      return `Too small: must be at least ${String(issue.minimum)}.`;
    case "too_big":
      if (issue.origin === "array") return `The list may have at most ${String(issue.maximum)} item(s). Remove some.`;
      if (issue.origin === "string") return `Too long: at most ${String(issue.maximum)} characters. Shorten it.`;
      return `Too big: must be at most ${String(issue.maximum)}.`;
    default:
      return undefined;
  }
};

export function parseModuleFile(data: unknown) {
  return moduleFileSchema.safeParse(data, { error: courseErrorMap });
}

export function parseActivityFrontMatter(data: unknown) {
  return activityFrontMatterSchema.safeParse(data, { error: courseErrorMap });
}
