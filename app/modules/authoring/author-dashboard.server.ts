/**
 * The author's home page (/author): their drafts with status, the last review and how learners
 * took each published module (enrolments, completions, ratings). Read-only, so its own file.
 */
import { getRatingSummaries } from "~/modules/feedback/ratings.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { type DraftStatus, type ReviewDecision } from "./draft-content.ts";
import { assertAuthor, type Actor } from "./draft-access.server.ts";

export async function getAuthorDashboard(actor: Actor) {
  assertAuthor(actor);
  const drafts = await prisma.moduleDraft.findMany({
    where: { OR: [{ ownerId: actor.id }, { coAuthors: { some: { userId: actor.id } } }] },
    orderBy: { updatedAt: "desc" },
    select: {
      id: true,
      moduleId: true,
      title: true,
      status: true,
      updatedAt: true,
      reviews: {
        where: { decision: { not: null } },
        orderBy: { decidedAt: "desc" },
        take: 1,
        select: { decision: true, comments: true, decidedAt: true, versionNumber: true, reviewer: { select: { name: true } } },
      },
    },
  });
  const moduleIds = drafts.map((d) => d.moduleId);
  const [versions, enrolments, completions, ratings] = await Promise.all([
    prisma.moduleVersion.groupBy({ by: ["moduleId"], where: { moduleId: { in: moduleIds } }, _max: { number: true } }),
    prisma.enrolment.groupBy({ by: ["moduleId"], where: { moduleId: { in: moduleIds } }, _count: { _all: true } }),
    prisma.enrolment.groupBy({
      by: ["moduleId"],
      where: { moduleId: { in: moduleIds }, completedAt: { not: null } },
      _count: { _all: true },
    }),
    getRatingSummaries(moduleIds), // scoped: only modules this author owns or co-authors
  ]);
  const latest = new Map(versions.map((v) => [v.moduleId, v._max.number ?? 0]));
  const enrolled = new Map(enrolments.map((e) => [e.moduleId, e._count._all]));
  const completed = new Map(completions.map((e) => [e.moduleId, e._count._all]));
  return drafts.map((d) => ({
    id: d.id,
    moduleId: d.moduleId,
    title: d.title,
    status: d.status as DraftStatus,
    updatedAt: d.updatedAt,
    publishedVersions: latest.get(d.moduleId) ?? 0,
    enrolments: enrolled.get(d.moduleId) ?? 0,
    completions: completed.get(d.moduleId) ?? 0,
    ratings: ratings.get(d.moduleId) ?? null,
    lastReview: d.reviews[0]
      ? { ...d.reviews[0], decision: d.reviews[0].decision as ReviewDecision, reviewer: d.reviews[0].reviewer?.name ?? "A reviewer" }
      : null,
  }));
}
