/**
 * The learner's own pages beyond the lesson player: "My learning" (every enrolment with its progress)
 * and the reflective journal. The lesson page is lesson.server.ts; writes are record-progress.server.ts.
 */
import { formatDate } from "~/utils/dates.ts";
import { prisma } from "~/utils/db.server.ts";
import { resumeActivity, summariseCompletion } from "./progress.ts";
import { readStoredReflection } from "./stored.ts";

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
      prompt: activity ? (readStoredReflection(activity.data)?.prompt ?? null) : null,
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
