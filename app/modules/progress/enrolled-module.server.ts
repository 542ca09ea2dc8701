/**
 * The enrolment and published outline that both the lesson page and a progress write start from,
 * and the set of activities a learner has completed. Shared by lesson.server.ts and
 * record-progress.server.ts so the two read a module the same way.
 */
import { prisma } from "~/utils/db.server.ts";

export type OutlineRow = {
  activityId: string;
  title: string;
  type: string;
  minutes: number;
  required: boolean;
  position: number;
  sectionIndex: number;
  sectionTitle: string;
};

/** The learner's enrolment and the module's current version with its outline, or null when not enrolled. */
export async function loadEnrolledModule(userId: string, moduleId: string) {
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
  const outline: OutlineRow[] = version.activities;
  return { enrolment, version, outline };
}

export type EnrolledModule = NonNullable<Awaited<ReturnType<typeof loadEnrolledModule>>>;

export async function completedIds(userId: string, moduleId: string): Promise<Set<string>> {
  const rows = await prisma.activityProgress.findMany({
    where: { userId, moduleId, completedAt: { not: null } },
    select: { activityId: true },
  });
  return new Set(rows.map((r) => r.activityId));
}
