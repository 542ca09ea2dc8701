import { z } from "zod";
import { checkBlocksExercise } from "~/modules/blocks/exercise.ts";
import { ProgramSchema } from "~/modules/blocks/program.ts";
import type {
  StoredBlocks,
  StoredCode,
  StoredModuleMeta,
  StoredQuiz,
  StoredReflection,
  StoredVideo,
} from "~/modules/catalog/activity-data.ts";
import { publicQuiz } from "~/modules/catalog/activity-data.ts";
import { runCompletesActivity } from "~/modules/exercises/harness.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { CodeRunReportSchema, CODE_MAX_LENGTH, storedRunResults, type StoredRunResults } from "./code-runs.ts";
import { verifyCodeRun, type CodeVerdict } from "./code-verification.server.ts";
import { REFLECTION_MAX_LENGTH, resumeActivity, summariseCompletion } from "./progress.ts";
import { gradeQuiz, learnerQuizResult, unansweredMessage, unansweredQuestions, type QuizAnswers } from "./quiz.ts";
import { formatDate } from "~/utils/dates.ts";

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

/** Reads a lesson form (quiz answers are fields named answer.<questionId>) into a progress write. */
export function progressWriteFromForm(formData: FormData) {
  const answers: QuizAnswers = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("answer.") && typeof value === "string") (answers[key.slice(7)] ??= []).push(value);
  }
  const parsed = ProgressWriteSchema.safeParse({
    intent: formData.get("intent"),
    answers,
    text: formData.get("text") ?? undefined,
  });
  const clientId = ClientIdSchema.safeParse(formData.get("clientId"));
  return { write: parsed, clientId };
}

type OutlineRow = {
  activityId: string;
  title: string;
  type: string;
  minutes: number;
  required: boolean;
  position: number;
  sectionIndex: number;
  sectionTitle: string;
};

async function loadEnrolledModule(userId: string, moduleId: string) {
  const enrolment = await prisma.enrolment.findUnique({
    where: { userId_moduleId: { userId, moduleId } },
    select: {
      id: true,
      lastActivityId: true,
      completedAt: true,
      module: {
        select: {
          currentVersion: {
            select: {
              id: true,
              number: true,
              title: true,
              meta: true,
              activities: {
                orderBy: { position: "asc" },
                select: {
                  activityId: true,
                  title: true,
                  type: true,
                  minutes: true,
                  required: true,
                  position: true,
                  sectionIndex: true,
                  sectionTitle: true,
                },
              },
            },
          },
        },
      },
    },
  });
  const version = enrolment?.module.currentVersion;
  if (!enrolment || !version) return null;
  return { enrolment, version, outline: version.activities as OutlineRow[] };
}

/** Where "Continue learning" goes, or null when the person is not enrolled. */
export async function getResumePoint(userId: string, moduleId: string): Promise<string | null> {
  const found = await loadEnrolledModule(userId, moduleId);
  if (!found) return null;
  const done = await completedIds(userId, moduleId);
  return resumeActivity(found.outline, done, found.enrolment.lastActivityId) ?? null;
}

async function completedIds(userId: string, moduleId: string): Promise<Set<string>> {
  const rows = await prisma.activityProgress.findMany({
    where: { userId, moduleId, completedAt: { not: null } },
    select: { activityId: true },
  });
  return new Set(rows.map((r) => r.activityId));
}

export type LessonView = Awaited<ReturnType<typeof getLessonForLearner>>;

/**
 * Everything the lesson player shows, for an enrolled learner only (null otherwise): the outline
 * with ticks, the activity, and the learner's own attempts or reflection. A fixed number of queries.
 */
/** A learner's saved draft of an exercise (code or blocks) and their latest run of it. */
function exerciseState(userId: string, moduleId: string, activityId: string) {
  return Promise.all([
    prisma.exerciseDraft.findUnique({
      where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
      select: { code: true, updatedAt: true },
    }),
    prisma.exerciseRun.findFirst({
      where: { userId, moduleId, activityId },
      orderBy: { createdAt: "desc" },
      select: { passed: true, createdAt: true, results: true, clientId: true, reportedPassed: true, verification: true },
    }),
  ]);
}

export async function getLessonForLearner({ userId, moduleId, activityId }: { userId: string; moduleId: string; activityId: string }) {
  const found = await loadEnrolledModule(userId, moduleId);
  if (!found) return null;
  const { version, outline, enrolment } = found;
  const index = outline.findIndex((a) => a.activityId === activityId);
  if (index < 0) return { enrolled: true as const, activity: null, moduleTitle: version.title };

  const [activity, done] = await Promise.all([
    prisma.activity.findUniqueOrThrow({
      where: { versionId_activityId: { versionId: version.id, activityId } },
      select: { html: true, data: true },
    }),
    completedIds(userId, moduleId),
  ]);
  const current = outline[index]!;
  const summary = summariseCompletion(outline, done);
  const base = {
    enrolled: true as const,
    moduleId,
    moduleTitle: version.title,
    versionNumber: version.number,
    sections: (JSON.parse(version.meta) as StoredModuleMeta).sections.map((s, i) => ({
      title: s.title,
      activities: outline.filter((a) => a.sectionIndex === i).map((a) => ({ ...a, completed: done.has(a.activityId) })),
    })),
    summary,
    moduleCompletedAt: enrolment.completedAt,
    previous: outline[index - 1] ?? null,
    next: outline[index + 1] ?? null,
    completed: done.has(activityId),
  };

  if (current.type === "quiz") {
    const quiz = JSON.parse(activity.data) as StoredQuiz;
    const attempts = await prisma.quizAttempt.findMany({
      where: { userId, moduleId, activityId },
      orderBy: { createdAt: "desc" },
      select: { score: true, passed: true, answers: true, createdAt: true },
    });
    const latest = attempts[0];
    const latestAnswers = latest ? (JSON.parse(latest.answers) as QuizAnswers) : null;
    // Only what the author's reveal rule allows reaches the browser (docs/decisions/0023).
    const history = { attempts: attempts.length, passed: base.completed || attempts.some((a) => a.passed) };
    return {
      ...base,
      activity: { ...current, html: activity.html, kind: "quiz" as const, quiz: publicQuiz(quiz) },
      attempts: { count: attempts.length, best: attempts.reduce((m, a) => Math.max(m, a.score), 0) },
      latest:
        latest && latestAnswers
          ? { answers: latestAnswers, result: learnerQuizResult(quiz, latestAnswers, history), createdAt: latest.createdAt }
          : null,
    };
  }
  if (current.type === "reflection") {
    const reflection = await prisma.reflection.findUnique({
      where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
      select: { text: true, updatedAt: true },
    });
    return {
      ...base,
      activity: {
        ...current,
        html: activity.html,
        kind: "reflection" as const,
        prompt: (JSON.parse(activity.data) as StoredReflection).prompt,
      },
      reflection,
    };
  }
  if (current.type === "code") {
    const [draft, lastRun] = await exerciseState(userId, moduleId, activityId);
    const results = lastRun ? (JSON.parse(lastRun.results) as StoredRunResults) : null;
    return {
      ...base,
      activity: { ...current, html: activity.html, kind: "code" as const, exercise: JSON.parse(activity.data) as StoredCode },
      draft,
      lastRun: lastRun
        ? {
            passed: lastRun.passed,
            createdAt: lastRun.createdAt,
            prediction: results?.prediction ?? null,
            // Which run this is (the browser matches it to the run it sent), what the browser said and what the server made of it.
            clientId: lastRun.clientId,
            reportedPassed: lastRun.reportedPassed,
            verification: lastRun.verification,
            serverMessage: results?.server?.message ?? null,
          }
        : null,
    };
  }
  if (current.type === "blocks") {
    const [draft, lastRun] = await exerciseState(userId, moduleId, activityId);
    return {
      ...base,
      activity: { ...current, html: activity.html, kind: "blocks" as const, exercise: JSON.parse(activity.data) as StoredBlocks },
      blocksDraft: draft,
      lastCheck: lastRun ? { passed: lastRun.passed, createdAt: lastRun.createdAt } : null,
    };
  }
  if (current.type === "video") {
    return {
      ...base,
      activity: { ...current, html: activity.html, kind: "video" as const, video: JSON.parse(activity.data) as StoredVideo },
    };
  }
  return { ...base, activity: { ...current, html: activity.html, kind: "reading" as const } };
}

export type ProgressWriteResult = {
  replayed: boolean;
  moduleComplete: boolean;
  /** This write completed the module (its last required activity): the page moves on to the completion page. */
  moduleJustCompleted: boolean;
  quiz?: { score: number; passed: boolean };
  /** Code runs: `passed` and `completed` are the server's own verdict; `reportedPassed` what the browser said. */
  code?: {
    passed: boolean;
    completed: boolean;
    reportedPassed: boolean;
    verification: CodeVerdict["verification"];
    message: string | null;
  };
  blocks?: { passed: boolean; summary: string };
};

/**
 * Records one progress write, idempotently: the (learner, client id) pair is stored with the
 * write in one transaction, and a replay of the same id changes nothing. Completion is never
 * taken back. Throws AppError for a learner who is not enrolled or an unknown activity.
 */
export async function recordProgress({
  userId,
  moduleId,
  activityId,
  clientId,
  write,
  now = new Date(),
}: {
  userId: string;
  moduleId: string;
  activityId: string;
  clientId: string;
  write: ProgressWriteInput;
  now?: Date;
}): Promise<ProgressWriteResult> {
  const found = await loadEnrolledModule(userId, moduleId);
  if (!found) throw new AppError("forbidden", "Enrol in this module before recording progress.");
  const activity = found.outline.find((a) => a.activityId === activityId);
  if (!activity) throw new AppError("not-found", "That activity is not part of this module any more.");
  if (
    write.intent === "complete" &&
    (activity.type === "quiz" || activity.type === "reflection" || activity.type === "code" || activity.type === "blocks")
  ) {
    throw new AppError(
      "bad-request",
      activity.type === "quiz"
        ? "Pass the quiz to complete it."
        : activity.type === "code"
          ? "Pass the exercise's checks to complete it."
          : activity.type === "blocks"
            ? "Meet the exercise's goals to complete it."
            : "Save a reflection to complete it.",
    );
  }
  if ((write.intent === "blocks-draft" || write.intent === "blocks-check") && activity.type !== "blocks") {
    throw new AppError("bad-request", "This activity is not a block exercise.");
  }
  // Checked before anything is written: a program that cannot be read is refused whole.
  const blocksProgram = write.intent === "blocks-check" ? ProgramSchema.safeParse(write.program) : null;
  if (blocksProgram && !blocksProgram.success) {
    throw new AppError("bad-request", "Your program could not be read, so it was not checked. Reload the page and check it again.");
  }
  if ((write.intent === "code-draft" || write.intent === "code-run") && activity.type !== "code") {
    throw new AppError("bad-request", "This activity is not a code exercise.");
  }
  if (write.intent === "quiz" && activity.type !== "quiz") throw new AppError("bad-request", "This activity is not a quiz.");
  if (write.intent === "reflection" && activity.type !== "reflection")
    throw new AppError("bad-request", "This activity is not a reflection.");

  // Quizzes are graded and code runs checked against the published definition: read it once.
  const definition =
    write.intent === "quiz" || write.intent === "code-run" || write.intent === "blocks-check"
      ? (JSON.parse(
          (
            await prisma.activity.findUniqueOrThrow({
              where: { versionId_activityId: { versionId: found.version.id, activityId } },
              select: { data: true },
            })
          ).data,
        ) as unknown)
      : null;
  const codeData = write.intent === "code-run" ? (definition as StoredCode) : null;
  const quizData = write.intent === "quiz" ? (definition as StoredQuiz) : null;
  // The server's own verdict on a block program (docs/decisions/0010): the same pure check as the
  // browser's, run on the published definition. Whatever the browser showed is not trusted.
  const blocksCheck =
    write.intent === "blocks-check" && blocksProgram?.success ? checkBlocksExercise(definition as StoredBlocks, blocksProgram.data) : null;
  if (quizData && write.intent === "quiz") {
    const missing = unansweredQuestions(quizData.questions, write.answers);
    if (missing.length) throw new AppError("bad-request", unansweredMessage(missing));
  }
  // A code run counts only as the server's own re-run of it says (docs/decisions: server-verified
  // code runs). Checked before the transaction (it takes seconds), and not for a replayed write.
  let codeVerdict: CodeVerdict | null = null;
  if (write.intent === "code-run" && codeData) {
    const [seen, progress] = await Promise.all([
      prisma.progressWrite.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { kind: true } }),
      prisma.activityProgress.findUnique({
        where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
        select: { completedAt: true },
      }),
    ]);
    if (!seen) {
      const predicted = !!write.result.prediction?.trim();
      codeVerdict = await verifyCodeRun({
        userId,
        exercise: codeData,
        code: write.code,
        claimed: runCompletesActivity({ kind: codeData.kind, testCount: codeData.tests.length }, write.result, predicted),
        predicted,
        alreadyComplete: !!progress?.completedAt,
      });
    }
  }

  return prisma.$transaction(async (tx) => {
    const seen = await tx.progressWrite.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { kind: true } });
    if (seen) {
      const enrolment = await tx.enrolment.findUniqueOrThrow({
        where: { userId_moduleId: { userId, moduleId } },
        select: { completedAt: true },
      });
      return { replayed: true, moduleComplete: !!enrolment.completedAt, moduleJustCompleted: false };
    }
    await tx.progressWrite.create({ data: { userId, clientId, kind: write.intent, createdAt: now } });

    let completes = write.intent === "complete";
    let quiz: ProgressWriteResult["quiz"];
    if (write.intent === "quiz" && quizData) {
      const graded = gradeQuiz(quizData, write.answers);
      await tx.quizAttempt.create({
        data: {
          clientId,
          userId,
          moduleId,
          activityId,
          versionId: found.version.id,
          answers: JSON.stringify(write.answers),
          score: graded.score,
          passed: graded.passed,
          createdAt: now,
        },
      });
      quiz = { score: graded.score, passed: graded.passed };
      completes = graded.passed;
    }
    let code: ProgressWriteResult["code"];
    if (write.intent === "code-draft" || write.intent === "code-run") {
      await tx.exerciseDraft.upsert({
        where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
        create: { userId, moduleId, activityId, code: write.code, updatedAt: now },
        update: { code: write.code, updatedAt: now },
      });
    }
    if (write.intent === "code-run" && codeVerdict) {
      // The browser's report is kept as what it said; the server's verdict is what counts.
      const { result } = write;
      await tx.exerciseRun.create({
        data: {
          clientId,
          userId,
          moduleId,
          activityId,
          versionId: found.version.id,
          code: write.code,
          passed: codeVerdict.passed,
          reportedPassed: result.passed,
          verification: codeVerdict.verification,
          results: JSON.stringify({
            ...storedRunResults(result),
            server: {
              verification: codeVerdict.verification,
              message: codeVerdict.message,
              ...(codeVerdict.verification === "verified" ? { check: codeVerdict.check } : {}),
            },
          } satisfies StoredRunResults),
          createdAt: now,
        },
      });
      completes = codeVerdict.completes;
      code = {
        passed: codeVerdict.passed,
        completed: completes,
        reportedPassed: result.passed,
        verification: codeVerdict.verification,
        message: codeVerdict.message,
      };
    }
    let blocks: ProgressWriteResult["blocks"];
    if (write.intent === "blocks-draft" || write.intent === "blocks-check") {
      await tx.exerciseDraft.upsert({
        where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
        create: { userId, moduleId, activityId, code: write.workspace, updatedAt: now },
        update: { code: write.workspace, updatedAt: now },
      });
    }
    if (write.intent === "blocks-check" && blocksCheck && blocksProgram?.success) {
      await tx.exerciseRun.create({
        data: {
          clientId,
          userId,
          moduleId,
          activityId,
          versionId: found.version.id,
          code: JSON.stringify(blocksProgram.data),
          passed: blocksCheck.passed,
          results: JSON.stringify({ summary: blocksCheck.summary, results: blocksCheck.results, stopReason: blocksCheck.run.stopReason }),
          createdAt: now,
        },
      });
      completes = blocksCheck.passed;
      blocks = { passed: blocksCheck.passed, summary: blocksCheck.summary };
    }
    if (write.intent === "reflection") {
      await tx.reflection.upsert({
        where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
        create: { userId, moduleId, activityId, text: write.text },
        update: { text: write.text },
      });
      completes = true;
    }
    if (completes) {
      // Never cleared: completedAt is set once and kept, whatever happens later.
      await tx.activityProgress.upsert({
        where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
        create: { userId, moduleId, activityId, completedAt: now },
        update: {},
      });
    }
    const done = new Set(
      (await tx.activityProgress.findMany({ where: { userId, moduleId, completedAt: { not: null } }, select: { activityId: true } })).map(
        (r) => r.activityId,
      ),
    );
    const summary = summariseCompletion(found.outline, done);
    const enrolment = await tx.enrolment.update({
      where: { userId_moduleId: { userId, moduleId } },
      data: { lastActivityId: activityId, lastActivityAt: now },
      select: { completedAt: true },
    });
    let moduleComplete = !!enrolment.completedAt;
    let moduleJustCompleted = false;
    if (summary.complete && !moduleComplete) {
      await tx.enrolment.update({ where: { userId_moduleId: { userId, moduleId } }, data: { completedAt: now } });
      moduleComplete = true;
      moduleJustCompleted = true;
    }
    return { replayed: false, moduleComplete, moduleJustCompleted, quiz, code, blocks };
  });
}

/** "My learning": every enrolment with its progress and next step. Two queries however many modules. */
export async function listLearnerModules(userId: string) {
  const [enrolments, progress] = await Promise.all([
    prisma.enrolment.findMany({
      where: { userId },
      orderBy: [{ lastActivityAt: { sort: "desc", nulls: "last" } }, { enrolledAt: "desc" }],
      select: {
        moduleId: true,
        enrolledAt: true,
        lastActivityId: true,
        lastActivityAt: true,
        completedAt: true,
        module: {
          select: {
            ratings: { where: { userId }, select: { score: true } },
            currentVersion: {
              select: {
                title: true,
                cpdHours: true,
                activities: { orderBy: { position: "asc" }, select: { activityId: true, title: true, required: true, position: true } },
              },
            },
          },
        },
      },
    }),
    prisma.activityProgress.findMany({ where: { userId, completedAt: { not: null } }, select: { moduleId: true, activityId: true } }),
  ]);
  return enrolments.flatMap((e) => {
    const version = e.module.currentVersion;
    if (!version) return [];
    const done = new Set(progress.filter((p) => p.moduleId === e.moduleId).map((p) => p.activityId));
    const summary = summariseCompletion(version.activities, done);
    const nextId = resumeActivity(version.activities, done, e.lastActivityId);
    const lastTitle = version.activities.find((a) => a.activityId === e.lastActivityId)?.title ?? null;
    return [
      {
        moduleId: e.moduleId,
        title: version.title,
        cpdHours: version.cpdHours,
        enrolledAt: e.enrolledAt,
        lastActivityAt: e.lastActivityAt,
        lastActivityTitle: lastTitle,
        completedAt: e.completedAt,
        rating: e.module.ratings[0] ?? null,
        summary,
        next: nextId ? { activityId: nextId, title: version.activities.find((a) => a.activityId === nextId)?.title ?? "" } : null,
      },
    ];
  });
}

/** The learner's private journal: every reflection with the module and prompt it answers. */
export async function listJournal(userId: string) {
  const reflections = await prisma.reflection.findMany({
    where: { userId },
    orderBy: { updatedAt: "desc" },
    select: { moduleId: true, activityId: true, text: true, updatedAt: true },
  });
  const moduleIds = [...new Set(reflections.map((r) => r.moduleId))];
  const versions = await prisma.moduleVersion.findMany({
    where: { currentOf: { id: { in: moduleIds } } },
    select: {
      moduleId: true,
      title: true,
      activities: { where: { type: "reflection" }, select: { activityId: true, title: true, data: true } },
    },
  });
  return reflections.map((r) => {
    const version = versions.find((v) => v.moduleId === r.moduleId);
    const activity = version?.activities.find((a) => a.activityId === r.activityId);
    return {
      moduleId: r.moduleId,
      moduleTitle: version?.title ?? r.moduleId,
      activityId: r.activityId,
      activityTitle: activity?.title ?? r.activityId,
      prompt: activity ? (JSON.parse(activity.data) as StoredReflection).prompt : null,
      text: r.text,
      updatedAt: r.updatedAt,
    };
  });
}

export type JournalEntry = Awaited<ReturnType<typeof listJournal>>[number];

export function journalAsMarkdown(name: string, entries: JournalEntry[]): string {
  const lines = [`# Reflective journal: ${name}`, "", `Exported from Pathways on ${formatDate(new Date())}.`, ""];
  for (const e of entries) {
    lines.push(`## ${e.moduleTitle}: ${e.activityTitle}`, "");
    if (e.prompt) lines.push(`> ${e.prompt.replace(/\n/g, "\n> ")}`, "");
    lines.push(e.text, "", `_Last edited ${formatDate(e.updatedAt, "dateTime")}_`, "");
  }
  return lines.join("\n");
}
