import { Prisma } from "~/generated/prisma/client.ts";
import { AppError } from "~/utils/errors.ts";
import { prisma } from "~/utils/db.server.ts";
import { PUBLIC_RATING_MIN_COUNT, RECENT_COMMENTS, RatingSchema, type RatingInput } from "./rating.ts";

/**
 * Learners rate a module out of 6 once they have completed it (ADR 0015). One rating per learner
 * per module; rating again updates it. Authors see the average and recent comments without names.
 */

export type RatingEligibility = { eligible: true; versionNumber: number } | { eligible: false; reason: "not-enrolled" | "not-complete" };

/** Only a learner who is enrolled and has completed the module may rate it. */
export async function getRatingEligibility(userId: string, moduleId: string): Promise<RatingEligibility> {
  const enrolment = await prisma.enrolment.findUnique({
    where: { userId_moduleId: { userId, moduleId } },
    select: { completedAt: true, module: { select: { currentVersion: { select: { number: true } } } } },
  });
  const version = enrolment?.module.currentVersion;
  if (!enrolment || !version) return { eligible: false, reason: "not-enrolled" };
  if (!enrolment.completedAt) return { eligible: false, reason: "not-complete" };
  return { eligible: true, versionNumber: version.number };
}

/** The learner's own rating of a module, or null. */
export async function getOwnRating(userId: string, moduleId: string) {
  return prisma.moduleRating.findUnique({
    where: { userId_moduleId: { userId, moduleId } },
    select: { score: true, comment: true, versionNumber: true, updatedAt: true },
  });
}

/** Rates the module (or changes the learner's rating). Refuses anyone who may not rate it. */
export async function rateModule({ userId, moduleId, input }: { userId: string; moduleId: string; input: RatingInput }) {
  const parsed = RatingSchema.safeParse(input);
  if (!parsed.success) throw new AppError("bad-request", parsed.error.issues[0]?.message ?? "That rating is not valid");
  const eligibility = await getRatingEligibility(userId, moduleId);
  if (!eligibility.eligible) {
    throw new AppError(
      "forbidden",
      eligibility.reason === "not-enrolled" ? "Enrol in this module to rate it" : "You can rate this module once you have completed it",
    );
  }
  const { score, comment } = parsed.data;
  return prisma.moduleRating.upsert({
    where: { userId_moduleId: { userId, moduleId } },
    create: { userId, moduleId, score, comment, versionNumber: eligibility.versionNumber },
    update: { score, comment, versionNumber: eligibility.versionNumber },
    select: { score: true, comment: true, versionNumber: true, updatedAt: true },
  });
}

export type RatingSummary = {
  average: number;
  count: number;
  recent: { id: string; score: number; comment: string; versionNumber: number; updatedAt: Date }[];
};

/**
 * Average, count and the most recent comments for each of the given modules, without learner
 * names. The caller scopes `moduleIds` to what the person may see (the author dashboard passes
 * only modules the author owns or co-authors). Two queries however many modules.
 */
export async function getRatingSummaries(moduleIds: string[]): Promise<Map<string, RatingSummary>> {
  const out = new Map<string, RatingSummary>();
  if (moduleIds.length === 0) return out;
  const [aggregates, recent] = await Promise.all([
    prisma.moduleRating.groupBy({
      by: ["moduleId"],
      where: { moduleId: { in: moduleIds } },
      _avg: { score: true },
      _count: { _all: true },
    }),
    // The newest RECENT_COMMENTS non-empty comments per module, in one query (a window function).
    // Written in the SQL SQLite and PostgreSQL share: quoted names, an aliased subquery, and
    // parameters Prisma numbers for each database (docs/decisions/0050).
    prisma.$queryRaw<
      { id: string; moduleId: string; score: number; comment: string; versionNumber: number; updatedAt: Date | number | string }[]
    >`SELECT "id", "moduleId", "score", "comment", "versionNumber", "updatedAt" FROM (
         SELECT "id", "moduleId", "score", "comment", "versionNumber", "updatedAt",
                ROW_NUMBER() OVER (PARTITION BY "moduleId" ORDER BY "updatedAt" DESC, "id" DESC) AS n
         FROM "ModuleRating" WHERE "comment" <> '' AND "moduleId" IN (${Prisma.join(moduleIds)})
       ) AS ranked WHERE n <= ${RECENT_COMMENTS} ORDER BY "updatedAt" DESC, "id" DESC`,
  ]);
  for (const a of aggregates) out.set(a.moduleId, { average: a._avg.score ?? 0, count: a._count._all, recent: [] });
  for (const r of recent) {
    out.get(r.moduleId)?.recent.push({
      id: r.id,
      score: Number(r.score),
      comment: r.comment,
      versionNumber: Number(r.versionNumber),
      updatedAt: r.updatedAt instanceof Date ? r.updatedAt : new Date(typeof r.updatedAt === "string" ? r.updatedAt : Number(r.updatedAt)),
    });
  }
  return out;
}

/** The catalogue's average for a module, or null below PUBLIC_RATING_MIN_COUNT ratings. */
export async function getPublicRating(moduleId: string): Promise<{ average: number; count: number } | null> {
  const aggregate = await prisma.moduleRating.aggregate({ where: { moduleId }, _avg: { score: true }, _count: { _all: true } });
  if (aggregate._count._all < PUBLIC_RATING_MIN_COUNT) return null;
  return { average: aggregate._avg.score ?? 0, count: aggregate._count._all };
}

/** Ratings of modules kept in courses/ (no author in the database), for administrators. */
export async function listFileModuleRatings() {
  const modules = await prisma.module.findMany({
    where: { source: "files", ratings: { some: {} } },
    orderBy: { id: "asc" },
    select: { id: true, currentVersion: { select: { title: true } } },
  });
  const summaries = await getRatingSummaries(modules.map((m) => m.id));
  return modules.map((m) => ({ moduleId: m.id, title: m.currentVersion?.title ?? m.id, ...summaries.get(m.id)! }));
}

/** What the rating page needs: the module's title, whether the learner may rate it, their rating. Null if no such module. */
export async function getRatingPage(userId: string, moduleId: string) {
  const module = await prisma.module.findUnique({ where: { id: moduleId }, select: { currentVersion: { select: { title: true } } } });
  if (!module?.currentVersion) return null;
  const [eligibility, rating] = await Promise.all([getRatingEligibility(userId, moduleId), getOwnRating(userId, moduleId)]);
  return { moduleId, title: module.currentVersion.title, eligibility, rating };
}
