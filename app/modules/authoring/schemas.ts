/**
 * The authoring forms' schemas, shared by the routes (server) and Conform (browser). They check
 * only what a form needs (present, the right kind of value); the course format itself is checked
 * by the courses:check loader after every save, with its own messages (ADR 0011).
 */
import { z } from "zod";
import { AUDIENCES, KEY_STAGES } from "../catalog/course-format/module-file.ts";
import { ID_MAX_LENGTH, ID_PATTERN } from "../catalog/course-format.ts";
import type { ModuleDetails } from "./draft-content.ts";

const lines = (value: string | undefined) =>
  (value ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

const optionalText = (max: number) => z.string().trim().max(max, `Keep this under ${max} characters.`).optional();
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date as YYYY-MM-DD, e.g. 2026-09-01.")
  .optional();

/** The summary's length, as the course format (module.yaml) requires it. */
export const SUMMARY_LENGTH = { min: 10, max: 300 } as const;

/**
 * The most CPD hours a module may claim for its activities: their total time, rounded up to the next
 * half hour (CPD hours are whole or half hours). Pure; `null` when there are no activities yet.
 */
export function maxCpdHours(activityMinutes: number): number | null {
  if (!(activityMinutes > 0)) return null;
  return Math.ceil(activityMinutes / 30) / 2;
}

const minutesInWords = (m: number) => (m < 60 ? `${m} minutes` : `${Math.floor(m / 60)} h ${m % 60 ? `${m % 60} min` : ""}`.trim());

/** Why `cpdHours` cannot be claimed for activities taking `activityMinutes` in all; null when it can. */
export function cpdHoursProblem(cpdHours: number, activityMinutes: number): string | null {
  const max = maxCpdHours(activityMinutes);
  if (max === null || cpdHours <= max) return null;
  return `The activities take about ${minutesInWords(activityMinutes)} in all, so the module can give at most ${max} CPD hour${max === 1 ? "" : "s"}. Lower the CPD hours, or add or lengthen activities first.`;
}

export const ModuleDetailsFields = {
  title: z
    .string({ error: "Enter a title." })
    .trim()
    .min(3, "Enter a title of at least 3 characters.")
    .max(120, "Keep the title under 120 characters."),
  summary: z
    .string({ error: "Enter a summary of one or two sentences." })
    .trim()
    .min(SUMMARY_LENGTH.min, `Write a summary of at least ${SUMMARY_LENGTH.min} characters: one or two sentences for the catalogue.`)
    .max(SUMMARY_LENGTH.max, `Keep the summary to ${SUMMARY_LENGTH.max} characters or fewer.`),
  description: optionalText(20_000),
  outcomes: z.string({ error: "Write at least one learning outcome, one per line." }).max(5_000),
  audience: z.array(z.enum(AUDIENCES), { error: "Choose at least one audience." }).min(1, "Choose at least one audience."),
  keyStages: z.array(z.enum(KEY_STAGES), { error: "Choose at least one key stage." }).min(1, "Choose at least one key stage."),
  topics: z.string({ error: "Enter at least one topic, e.g. questioning." }).max(1_000),
  cpdHours: z
    .number({ error: "Enter the CPD hours as a number, e.g. 1 or 1.5." })
    .gt(0, "CPD hours must be more than 0.")
    .max(100, "CPD hours may be at most 100.")
    .multipleOf(0.5, "Use whole or half hours, e.g. 1 or 1.5."),
  prerequisites: optionalText(5_000),
  availableFrom: isoDate,
  availableUntil: isoDate,
  versionNotes: optionalText(2_000),
};

/**
 * The details form of a draft. `activityMinutes` (the listed activities' minutes, added up) bounds
 * the CPD hours; the same schema runs in the browser (from the loader's figure) and on the server.
 */
export function moduleDetailsSchema({ activityMinutes }: { activityMinutes: number }) {
  return z.object({ ...ModuleDetailsFields, revision: z.number().int() }).superRefine((value, ctx) => {
    const problem = cpdHoursProblem(value.cpdHours, activityMinutes);
    if (problem) ctx.addIssue({ code: "custom", path: ["cpdHours"], message: problem });
  });
}

/** A new module: the id is optional (left blank, it is made from the title; suggestModuleId). */
export const NewModuleSchema = z.object({
  moduleId: z
    .string()
    .trim()
    .toLowerCase()
    .max(ID_MAX_LENGTH, `Keep the id to ${ID_MAX_LENGTH} characters or fewer.`)
    .regex(ID_PATTERN, "Use only lower-case letters, digits and single hyphens, e.g. questioning-in-class.")
    .optional(),
  ...ModuleDetailsFields,
});

export function toModuleDetails(value: z.output<typeof NewModuleSchema> | z.output<ReturnType<typeof moduleDetailsSchema>>): ModuleDetails {
  return {
    title: value.title,
    summary: value.summary,
    description: value.description || undefined,
    outcomes: lines(value.outcomes),
    audience: value.audience,
    keyStages: value.keyStages,
    topics: value.topics
      .split(/[,\n]/)
      .map((t) => t.trim())
      .filter(Boolean),
    cpdHours: value.cpdHours,
    prerequisites: lines(value.prerequisites),
    availableFrom: value.availableFrom || undefined,
    availableUntil: value.availableUntil || undefined,
    versionNotes: value.versionNotes || undefined,
  };
}

const QuizOptionFields = z.object({
  id: z.string().max(80).default(""),
  text: z.string().max(2_000).default(""),
  correct: z.boolean().default(false),
  feedback: z.string().max(5_000).default(""),
  hint: z.string().max(5_000).default(""),
});

const QuizQuestionFields = z.object({
  id: z.string().max(80).default(""),
  kind: z.string().max(20).default("single"),
  prompt: z.string().max(10_000).default(""),
  options: z.array(QuizOptionFields).max(20).default([]),
  answers: z.string().max(5_000).default(""),
  feedbackCorrect: z.string().max(5_000).default(""),
  feedbackIncorrect: z.string().max(5_000).default(""),
  feedbackHint: z.string().max(5_000).default(""),
});

/** The question-by-question quiz editor (its values become the quiz's YAML; the loader checks them). */
export const QuizFieldsSchema = z.object({
  passMark: z.string().max(10).default(""),
  revealAnswers: z.string().max(40).default(""),
  revealAfterAttempts: z.string().max(10).default(""),
  questions: z.array(QuizQuestionFields).max(100).default([]),
});

export const ActivityFormSchema = z.object({
  /** save | preview | add-question | remove-question:<index> */
  intent: z.string().max(40).default("save"),
  quizEditor: z.string().optional(),
  quiz: QuizFieldsSchema.optional(),
  revision: z.number().int(),
  id: z.string({ error: "Enter an id for the activity, e.g. why-questions-matter." }).trim().max(80),
  title: z.string({ error: "Enter a title." }).trim().max(120),
  minutes: z.string({ error: "Enter about how many minutes the activity takes." }).trim().max(10),
  settings: z.string().max(200_000).default(""),
  body: z.string().max(200_000).default(""),
});

export const AddActivitySchema = z.object({
  intent: z.literal("add-activity"),
  revision: z.number().int(),
  type: z.string().trim().min(1, "Choose a type of activity."),
  title: z.string({ error: "Enter a title for the new activity." }).trim().max(120),
});

const draftRevision = z.number({ error: "That form is out of date: reload the page." }).int().min(0);
const draftFilePath = z.string().min(1).max(300);
const sectionTitle = z
  .string({ error: "Give the section a title." })
  .trim()
  .min(1, "Give the section a title.")
  .max(200, "Keep the section title under 200 characters.");
const sectionIndex = z.number().int().min(0).max(200);

/**
 * Every form of the module editor page except "Module details" (whose CPD-hours rule depends on
 * the draft: moduleDetailsSchema), told apart by `intent`: one parse, and a typed command for
 * runModuleEditorCommand. The page's forms are plain HTML forms, so this is also what they post
 * without JavaScript.
 */
export const ModuleEditorCommandSchema = z.discriminatedUnion("intent", [
  AddActivitySchema,
  z.object({ intent: z.literal("move-up"), revision: draftRevision, path: draftFilePath }),
  z.object({ intent: z.literal("move-down"), revision: draftRevision, path: draftFilePath }),
  z.object({ intent: z.literal("remove"), revision: draftRevision, path: draftFilePath }),
  z.object({ intent: z.literal("submit"), revision: draftRevision }),
  z.object({
    intent: z.literal("attach-media"),
    revision: draftRevision,
    assetId: z.string({ error: "Choose an upload to attach." }).min(1).max(64),
    mediaPath: z.string().trim().max(200, "Keep the file name under 200 characters.").optional(),
  }),
  z.object({ intent: z.literal("detach-media"), revision: draftRevision, path: draftFilePath }),
  z.object({
    intent: z.literal("add-co-author"),
    email: z.string({ error: "Enter the email address of a course author." }).trim().max(254),
  }),
  z.object({ intent: z.literal("remove-co-author"), userId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("add-section"), revision: draftRevision, title: sectionTitle }),
  z.object({ intent: z.literal("rename-section"), revision: draftRevision, index: sectionIndex, title: sectionTitle }),
  z.object({ intent: z.literal("remove-section"), revision: draftRevision, index: sectionIndex }),
  z.object({ intent: z.literal("withdraw") }),
  z.object({ intent: z.literal("archive") }),
]);
export type ModuleEditorCommand = z.infer<typeof ModuleEditorCommandSchema>;

export const ReviewDecisionSchema = z.object({
  draftId: z.string().min(1).max(64),
  /** The draft revision the reviewer saw (a hidden field of the form). */
  revision: z.number().int().min(0),
  decision: z.enum(["approved", "returned"]),
  comments: z.string().trim().max(5_000).default(""),
});

const CHOOSE_ZIP = "Choose a .zip file to import.";

/**
 * "Import a module" on /author: a zip in the courses/ format and, to import a copy, a new module id
 * (checked by importDraftZip, with the zip's own id). The zip's size is limited before the body is
 * read (the route's Content-Length check); its contents are checked by the importer.
 */
export const ImportZipSchema = z.object({
  zip: z.instanceof(File, { message: CHOOSE_ZIP }).refine((file) => file.size > 0, CHOOSE_ZIP),
  moduleId: z.string().trim().optional(),
});
