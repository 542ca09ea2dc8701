/**
 * The course format, part 3 of 4: the front matter of reading, video, quiz, reflection and code
 * activities. Split from course-format.ts along its section banners (issue 13); pure.
 */
import { z } from "zod";
import { CODE_LANGUAGES, EXERCISE_KINDS } from "../../exercises/harness.ts";
import { starterArrangementProblem } from "../../exercises/parsons.ts";
import {
  closest,
  isRecord,
  relativePath,
  sizedText,
  stableIdSchema,
  strictObject,
  text,
  uniqueItems,
  unknownDiscriminator,
} from "../course-format.ts";
import { nonEmptyList } from "./module-file.ts";

// ---------------------------------------------------------------------------
// Activities (front matter of each activity Markdown file)
// ---------------------------------------------------------------------------

/** Fields every activity has. Each type schema extends this. */
export const activityBase = {
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
