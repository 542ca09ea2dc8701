/**
 * Reads back the JSON the database keeps for published activities, module versions, quiz attempts
 * and exercise runs, through one zod schema per stored shape instead of a cast (house style: stored
 * JSON is read back through a schema). Pure.
 *
 * A row that does not match (corrupt, or written by a version of the app that stored another shape)
 * reads as `null`: callers show the activity as unavailable or leave out what they cannot read, so a
 * bad row never turns the lesson page into a 500. Unknown extra keys are kept (loose objects), so a
 * newer field survives a read by this code; lists a row from an older version may lack (hints,
 * inputs) read as empty.
 */
import { z } from "zod";
import { GoalSchema } from "~/modules/blocks/goals.ts";
import { isBlockType, ProgramSchema, type BlockType } from "~/modules/blocks/program.ts";
import { type Backdrop, BACKDROP_NAMES, MARKER_KINDS, OBSTACLE_KINDS } from "~/modules/blocks/scene.ts";
import type {
  StoredBlocks,
  StoredCode,
  StoredModuleMeta,
  StoredQuiz,
  StoredReflection,
  StoredVideo,
} from "~/modules/catalog/activity-data.ts";
import { CODE_LANGUAGES, EXERCISE_KINDS } from "~/modules/exercises/harness.ts";
import type { StoredRunResults } from "./code-runs.ts";
import type { QuizAnswers } from "./quiz.ts";

const OptionSchema = z.looseObject({
  id: z.string(),
  text: z.string(),
  correct: z.boolean(),
  feedback: z.string(),
  hint: z.string().optional(),
});
const QuestionSchema = z.discriminatedUnion("kind", [
  z.looseObject({ id: z.string(), kind: z.enum(["single", "multiple"]), promptHtml: z.string(), options: z.array(OptionSchema) }),
  z.looseObject({
    id: z.string(),
    kind: z.literal("short"),
    promptHtml: z.string(),
    answers: z.array(z.string()),
    feedback: z.looseObject({ correct: z.string(), incorrect: z.string(), hint: z.string().optional() }),
  }),
]);
const RevealRuleSchema = z.discriminatedUnion("when", [
  z.object({ when: z.literal("after-passing") }),
  z.object({ when: z.literal("after-attempts"), attempts: z.number() }),
  z.object({ when: z.literal("after-any-attempt") }),
]);
export const StoredQuizSchema = z.looseObject({
  passMark: z.number(),
  reveal: RevealRuleSchema.optional(),
  questions: z.array(QuestionSchema),
});

export const StoredReflectionSchema = z.looseObject({ prompt: z.string() });
export const StoredVideoSchema = z.looseObject({ src: z.string(), captions: z.string() });

export const StoredCodeSchema = z.looseObject({
  language: z.enum(CODE_LANGUAGES),
  kind: z.enum(EXERCISE_KINDS),
  starter: z.string(),
  tests: z.array(z.looseObject({ name: z.string(), code: z.string(), message: z.string() })),
  inputs: z.array(z.string()).default([]),
  hintsHtml: z.array(z.string()).default([]),
  predict: z.looseObject({ question: z.string() }).optional(),
  parsons: z.looseObject({ blocks: z.array(z.string()), indentable: z.boolean() }).optional(),
});

const BlockTypeSchema = z.custom<BlockType>((value) => typeof value === "string" && isBlockType(value));
const SceneSchema = z.looseObject({
  backdrop: z.custom<Backdrop>((value) => typeof value === "string" && (BACKDROP_NAMES as string[]).includes(value)).optional(),
  markers: z.array(z.looseObject({ kind: z.enum(MARKER_KINDS), x: z.number(), y: z.number(), label: z.string() })).optional(),
  obstacles: z
    .array(
      z.looseObject({
        kind: z.enum(OBSTACLE_KINDS).optional(),
        x: z.number(),
        y: z.number(),
        width: z.number(),
        height: z.number(),
        label: z.string(),
      }),
    )
    .optional(),
});
export const StoredBlocksSchema = z.looseObject({
  toolbox: z.array(BlockTypeSchema),
  maxBlocks: z.number().optional(),
  start: z.looseObject({ x: z.number(), y: z.number(), direction: z.number() }),
  stepLimit: z.number().optional(),
  goals: z.array(GoalSchema),
  scene: SceneSchema.optional(),
  starting: ProgramSchema,
  hintsHtml: z.array(z.string()).default([]),
});

export const StoredModuleMetaSchema = z.looseObject({
  outcomes: z.array(z.string()),
  prerequisites: z.array(z.string()),
  authors: z.array(z.looseObject({ name: z.string(), role: z.string(), organisation: z.string().optional() })),
  versionNotes: z.string().optional(),
  audience: z.array(z.string()),
  keyStages: z.array(z.string()),
  topics: z.array(z.string()),
  sections: z.array(z.looseObject({ title: z.string(), activityIds: z.array(z.string()) })),
});

export const StoredQuizAnswersSchema = z.record(z.string(), z.array(z.string()));

const CheckStatusSchema = z.enum(["passed", "failed", "ran", "error", "timeout", "stopped", "unavailable"]);
export const StoredRunResultsSchema = z.looseObject({
  mode: z.enum(["run", "check"]),
  status: CheckStatusSchema,
  passed: z.boolean(),
  tests: z.array(z.object({ name: z.string(), passed: z.boolean() })),
  error: z.object({ message: z.string(), line: z.number().nullable() }).nullable(),
  stdout: z.string(),
  stdoutTruncated: z.boolean().default(false),
  prediction: z.string().optional(),
  server: z
    .looseObject({
      verification: z.enum(["verified", "not-needed", "unavailable"]),
      message: z.string().nullable(),
      check: z
        .object({
          status: CheckStatusSchema,
          passed: z.boolean(),
          tests: z.array(z.object({ name: z.string(), passed: z.boolean() })),
          ms: z.number(),
        })
        .optional(),
    })
    .optional(),
});

/** Parses JSON text and checks it against `schema`; null for text that is not JSON or not that shape. */
function readJson<T>(schema: z.ZodType<T>, text: string): T | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

// One reader per stored shape. Each is typed against the shape the rest of the app uses, so a schema
// that drifts from its type fails to compile.
export const readStoredQuiz = (data: string): StoredQuiz | null => readJson(StoredQuizSchema, data);
export const readStoredReflection = (data: string): StoredReflection | null => readJson(StoredReflectionSchema, data);
export const readStoredVideo = (data: string): StoredVideo | null => readJson(StoredVideoSchema, data);
export const readStoredCode = (data: string): StoredCode | null => readJson(StoredCodeSchema, data);
export const readStoredBlocks = (data: string): StoredBlocks | null => readJson(StoredBlocksSchema, data);
export const readModuleMeta = (meta: string): StoredModuleMeta | null => readJson(StoredModuleMetaSchema, meta);
export const readQuizAnswers = (answers: string): QuizAnswers | null => readJson(StoredQuizAnswersSchema, answers);
export const readRunResults = (results: string): StoredRunResults | null => readJson(StoredRunResultsSchema, results);
