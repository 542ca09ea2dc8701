/**
 * What a progress write may say, from a lesson form or from the browser's retry queue: one schema for
 * both, and the reader of a lesson form (quiz answers are fields named answer.<questionId>), which the
 * page's own submit handler uses too so the browser and the server read a form the same way. Pure.
 */
import { z } from "zod";
import { AppError } from "~/utils/errors.ts";
import { CodeRunReportSchema, CODE_MAX_LENGTH } from "./code-runs.ts";
import { REFLECTION_MAX_LENGTH } from "./progress.ts";
import type { QuizAnswers } from "./quiz.ts";

/** Longest saved block workspace (Blockly's JSON, as text) a learner can store. */
export const BLOCKS_WORKSPACE_MAX_LENGTH = 200_000;
function blocksWorkspace() {
  return z
    .string()
    .max(
      BLOCKS_WORKSPACE_MAX_LENGTH,
      `A program can be up to ${BLOCKS_WORKSPACE_MAX_LENGTH.toLocaleString("en-GB")} characters when saved`,
    );
}

/**
 * How deeply a program sent for checking may nest (JSON levels; about 30 blocks inside each other).
 * Checked before ProgramSchema, which recurses, so a hostile program cannot exhaust the stack.
 */
const MAX_PROGRAM_DEPTH = 64;
function nestedDeeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (levels <= 0) return true;
  return (Array.isArray(value) ? value : Object.values(value)).some((item) => nestedDeeperThan(item, levels - 1));
}

/** One schema for every progress write, from a form post or from the browser's retry queue. */
export const ProgressWriteSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("visit") }),
  z.object({ intent: z.literal("complete") }),
  z.object({ intent: z.literal("quiz"), answers: z.record(z.string(), z.array(z.string().max(500)).max(20)) }),
  z.object({
    intent: z.literal("reflection"),
    text: z
      .string()
      .trim()
      .min(1, "Write something before saving")
      .max(REFLECTION_MAX_LENGTH, `Reflections can be up to ${REFLECTION_MAX_LENGTH.toLocaleString("en-GB")} characters`),
  }),
  // Code exercises: the learner's latest code, and the result of a run as the browser reports it.
  z.object({
    intent: z.literal("code-draft"),
    code: z.string().max(CODE_MAX_LENGTH, `Code can be up to ${CODE_MAX_LENGTH.toLocaleString("en-GB")} characters`),
  }),
  z.object({
    intent: z.literal("code-run"),
    code: z.string().max(CODE_MAX_LENGTH, `Code can be up to ${CODE_MAX_LENGTH.toLocaleString("en-GB")} characters`),
    result: CodeRunReportSchema,
  }),
  // Block exercises: the editor's saved workspace, and a program to check. The browser's own verdict
  // is not sent: the server parses the program and runs the exercise's check itself.
  z.object({ intent: z.literal("blocks-draft"), workspace: blocksWorkspace() }),
  z.object({
    intent: z.literal("blocks-check"),
    workspace: blocksWorkspace(),
    program: z.unknown().refine((program) => !nestedDeeperThan(program, MAX_PROGRAM_DEPTH), {
      error: "That program is too big to check. Remove some blocks and check it again.",
    }),
  }),
]);
export type ProgressWriteInput = z.infer<typeof ProgressWriteSchema>;

export const ClientIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "A progress write needs a client id");

/** The quiz answers in a lesson form: every field named answer.<questionId>, in order. */
export function quizAnswersFromForm(formData: FormData): QuizAnswers {
  const answers: QuizAnswers = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("answer.") && typeof value === "string") (answers[key.slice(7)] ??= []).push(value);
  }
  return answers;
}

/** Reads a lesson form into a progress write and its client id (each parsed, for the action to report). */
export function progressWriteFromForm(formData: FormData) {
  const parsed = ProgressWriteSchema.safeParse({
    intent: formData.get("intent"),
    answers: quizAnswersFromForm(formData),
    text: formData.get("text") ?? undefined,
  });
  const clientId = ClientIdSchema.safeParse(formData.get("clientId"));
  return { write: parsed, clientId };
}

/** Which activity a write from the browser's retry queue is for, and its client id. */
const QueuedTargetSchema = z.object({
  moduleId: z.string().min(1).max(100),
  activityId: z.string().min(1).max(100),
  clientId: ClientIdSchema,
});

/**
 * Reads a write posted by the browser's retry queue (JSON): the same write schema as the lesson
 * forms, and its target. Throws a 400 AppError saying what is wrong with the write, or that the
 * update as a whole was not understood.
 */
export function readQueuedWrite(body: unknown): { target: z.infer<typeof QueuedTargetSchema>; write: ProgressWriteInput } {
  const target = QueuedTargetSchema.safeParse(body);
  const write = ProgressWriteSchema.safeParse(body);
  if (!write.success) throw new AppError("bad-request", write.error.issues[0]?.message ?? "Not understood.");
  if (!target.success) throw new AppError("bad-request", "That progress update was not understood.");
  return { target: target.data, write: write.data };
}

/** The account the browser's queue says made the write (absent in writes queued before it was recorded). */
const MadeBySchema = z.object({ userId: z.string().max(100).optional() });

/** A write queued on this device by another account is never recorded for the one signed in now. */
export function queuedByAnotherAccount(body: unknown, userId: string): boolean {
  const madeBy = MadeBySchema.safeParse(body);
  return madeBy.success && madeBy.data.userId !== undefined && madeBy.data.userId !== userId;
}
