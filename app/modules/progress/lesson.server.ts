/**
 * What the lesson player shows (getLessonForLearner) and where "Continue learning" goes
 * (getResumePoint). Stored JSON is read through stored.ts: an activity whose stored definition cannot
 * be read is shown as unavailable (and logged) instead of failing the whole page.
 */
import { publicQuiz } from "~/modules/catalog/activity-data.ts";
import { prisma } from "~/utils/db.server.ts";
import { completedIds, loadEnrolledModule, type OutlineRow } from "./enrolled-module.server.ts";
import { resumeActivity, summariseCompletion } from "./progress.ts";
import { learnerQuizResult } from "./quiz.ts";
import {
  readModuleMeta,
  readQuizAnswers,
  readRunResults,
  readStoredBlocks,
  readStoredCode,
  readStoredQuiz,
  readStoredReflection,
  readStoredVideo,
} from "./stored.ts";
import { log } from "~/utils/log.server.ts";

/** Where "Continue learning" goes, or null when the person is not enrolled. */
export async function getResumePoint(userId: string, moduleId: string): Promise<string | null> {
  const found = await loadEnrolledModule(userId, moduleId);
  if (!found) return null;
  const done = await completedIds(userId, moduleId);
  return resumeActivity(found.outline, done, found.enrolment.lastActivityId) ?? null;
}

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

/**
 * The module's section titles, from the version's meta; if that cannot be read, from the outline's
 * own section titles (the same titles, copied onto each activity row when the version was published).
 */
function sectionTitles(meta: string, outline: OutlineRow[]): string[] {
  const stored = readModuleMeta(meta);
  if (stored) return stored.sections.map((s) => s.title);
  const titles: string[] = [];
  for (const a of outline) titles[a.sectionIndex] ??= a.sectionTitle;
  return Array.from(titles, (t) => t ?? "");
}

export type LessonView = Awaited<ReturnType<typeof getLessonForLearner>>;

/**
 * Everything the lesson player shows, for an enrolled learner only (null otherwise): the outline
 * with ticks, the activity, and the learner's own attempts or reflection. A fixed number of queries.
 */
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
    sections: sectionTitles(version.meta, outline).map((title, i) => ({
      title,
      activities: outline.filter((a) => a.sectionIndex === i).map((a) => ({ ...a, completed: done.has(a.activityId) })),
    })),
    summary,
    moduleCompletedAt: enrolment.completedAt,
    previous: outline[index - 1] ?? null,
    next: outline[index + 1] ?? null,
    completed: done.has(activityId),
  };
  // The activity's stored definition could not be read: the page shows its text and says so.
  const unavailable = () => {
    log().error(`Activity ${moduleId}/${activityId} (version ${version.id}): its stored ${current.type} definition could not be read.`);
    return { ...base, activity: { ...current, html: activity.html, kind: "unavailable" as const } };
  };

  if (current.type === "quiz") {
    const quiz = readStoredQuiz(activity.data);
    if (!quiz) return unavailable();
    const attempts = await prisma.quizAttempt.findMany({
      where: { userId, moduleId, activityId },
      orderBy: { createdAt: "desc" },
      select: { score: true, passed: true, answers: true, createdAt: true },
    });
    const latest = attempts[0];
    // An attempt whose answers cannot be read is counted but not shown: the learner sees the quiz again.
    const latestAnswers = latest ? readQuizAnswers(latest.answers) : null;
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
    const stored = readStoredReflection(activity.data);
    if (!stored) return unavailable();
    const reflection = await prisma.reflection.findUnique({
      where: { userId_moduleId_activityId: { userId, moduleId, activityId } },
      select: { text: true, updatedAt: true },
    });
    return { ...base, activity: { ...current, html: activity.html, kind: "reflection" as const, prompt: stored.prompt }, reflection };
  }
  if (current.type === "code") {
    const exercise = readStoredCode(activity.data);
    if (!exercise) return unavailable();
    const [draft, lastRun] = await exerciseState(userId, moduleId, activityId);
    // Results that cannot be read lose only what they add (the prediction, the server's message).
    const results = lastRun ? readRunResults(lastRun.results) : null;
    return {
      ...base,
      activity: { ...current, html: activity.html, kind: "code" as const, exercise },
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
    const exercise = readStoredBlocks(activity.data);
    if (!exercise) return unavailable();
    const [draft, lastRun] = await exerciseState(userId, moduleId, activityId);
    return {
      ...base,
      activity: { ...current, html: activity.html, kind: "blocks" as const, exercise },
      blocksDraft: draft,
      lastCheck: lastRun ? { passed: lastRun.passed, createdAt: lastRun.createdAt } : null,
    };
  }
  if (current.type === "video") {
    const video = readStoredVideo(activity.data);
    if (!video) return unavailable();
    return { ...base, activity: { ...current, html: activity.html, kind: "video" as const, video } };
  }
  return { ...base, activity: { ...current, html: activity.html, kind: "reading" as const } };
}
