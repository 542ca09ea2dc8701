/**
 * Review and publishing (ADR 0011): an author submits a valid draft, another author or an admin
 * approves it (publishing an ordinary immutable version through publish.server.ts) or returns it
 * with comments, always about the revision they saw. Its own file because it is the one place a
 * draft becomes a published version, and the rules of who may review differ from who may edit.
 */
import path from "node:path";
import { publishLoadedModule } from "~/modules/catalog/publish.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { diffDraftFiles, diffDraftMedia } from "./review-diff.ts";
import { mediaReadinessProblems, parseMedia, readMediaFile } from "./draft-media.server.ts";
import { CONFLICT_MESSAGE, parseFiles, readOutline, type ReviewDecision } from "./draft-content.ts";
import { editableBy, isAuthor, reviewableBy, draftSelect, toDraft, contentOf, requireDraft, type Actor } from "./draft-access.server.ts";
import { validateDraft, checkDraftExercises, problemLines } from "./draft-validation.server.ts";

/**
 * Sends a valid draft for review. A draft with problems (the loader's, its exercises' checks, media
 * not ready) is a 400 listing each problem in `details` as "<file>: <where>: <message>".
 */
export async function submitDraft(actor: Actor, input: { draftId: string; revision: number }): Promise<void> {
  const draft = await requireDraft(actor, input.draftId);
  if (draft.status === "in_review") throw new AppError("bad-request", "This draft is already waiting for review.");
  if (draft.status === "archived") throw new AppError("bad-request", "This draft is archived.");
  // 400 rather than 409 (as before): the editor reloads after it, so the next submit names the new revision.
  if (draft.revision !== input.revision) throw new AppError("bad-request", CONFLICT_MESSAGE);
  const validated = await validateDraft(draft);
  const problems = validated.module ? await checkDraftExercises(validated.module, draft) : validated.problems;
  if (problems.length > 0) {
    const count = problems.length === 1 ? "problem" : `${problems.length} problems`;
    throw new AppError("bad-request", `This draft cannot be submitted yet: fix the ${count} listed below first.`, {
      details: problemLines(problems),
    });
  }
  const mediaProblems = await mediaReadinessProblems(draft.media, "submitting");
  if (mediaProblems.length > 0) {
    throw new AppError("bad-request", mediaProblems.join(" "), {
      details: problemLines(mediaProblems.map((message) => ({ file: `${draft.moduleId}/media`, message }))),
    });
  }
  await prisma.$transaction(async (tx) => {
    const updated = await tx.moduleDraft.updateMany({
      where: { id: draft.id, revision: input.revision, status: { in: ["draft", "published"] } },
      data: { status: "in_review", submittedAt: new Date() },
    });
    if (updated.count === 0) throw new AppError("conflict", CONFLICT_MESSAGE);
    await tx.draftReview.create({ data: { draftId: draft.id, revision: draft.revision, submittedById: actor.id } });
  });
}

/** Takes a draft back from review so it can be edited again. */
export async function withdrawDraft(actor: Actor, input: { draftId: string }) {
  const draft = await requireDraft(actor, input.draftId);
  if (draft.status !== "in_review") return;
  await prisma.$transaction([
    prisma.moduleDraft.update({ where: { id: draft.id }, data: { status: "draft", revision: { increment: 1 } } }),
    prisma.draftReview.deleteMany({ where: { draftId: draft.id, decision: null } }),
  ]);
}

export async function listReviewQueue(actor: Actor) {
  if (!isAuthor(actor)) throw new AppError("forbidden", "Only course authors and administrators review modules.");
  const rows = await prisma.moduleDraft.findMany({
    where: { status: "in_review", ...reviewableBy(actor) },
    orderBy: { submittedAt: "asc" },
    select: {
      id: true,
      moduleId: true,
      title: true,
      submittedAt: true,
      revision: true,
      moduleYaml: true,
      owner: { select: { name: true } },
    },
  });
  return rows.map(({ moduleYaml, ...row }) => ({ ...row, activityPaths: readOutline(moduleYaml).map((e) => e.path) }));
}

/**
 * A draft waiting for the actor's review, with what changed since its last published version (the
 * text files line by line, and the media list), and the revision the decision form must name.
 */
export async function getDraftForReview(actor: Actor, draftId: string) {
  if (!isAuthor(actor)) throw new AppError("forbidden", "Only course authors and administrators review modules.");
  const row = await prisma.moduleDraft.findFirst({
    where: { id: draftId, status: "in_review", ...reviewableBy(actor) },
    select: draftSelect,
  });
  if (!row) throw new AppError("not-found", "There is no draft with that id waiting for your review.");
  const draft = toDraft(row);
  const latest = await prisma.moduleVersion.findFirst({
    where: { moduleId: draft.moduleId },
    orderBy: { number: "desc" },
    select: { number: true, publishedAt: true },
  });
  const published =
    draft.publishedYaml !== null && draft.publishedFiles !== null
      ? { moduleYaml: draft.publishedYaml, files: parseFiles(draft.publishedFiles) }
      : null;
  return {
    id: draft.id,
    moduleId: draft.moduleId,
    title: draft.title,
    owner: draft.owner.name,
    revision: draft.revision,
    submittedAt: draft.submittedAt,
    activityPaths: readOutline(draft.moduleYaml).map((e) => e.path),
    publishedVersion: published && latest ? latest : null,
    fileChanges: diffDraftFiles(published, contentOf(draft)),
    mediaChanges: diffDraftMedia(published ? parseMedia(draft.publishedMedia) : null, draft.media),
  };
}

export type DecisionInput = { draftId: string; revision: number; decision: ReviewDecision; comments: string };

export const STALE_REVIEW_MESSAGE =
  "This draft changed after you opened it (the author withdrew it, edited it or submitted it again), so nothing was decided. Look at the new content and what changed, then decide again.";

/** Whether a decision was refused because the draft changed after the reviewer opened it (the pages reload then). */
export function isStaleReview(error: unknown): boolean {
  return error instanceof AppError && error.code === "conflict" && error.message === STALE_REVIEW_MESSAGE;
}

/**
 * An admin, or an author who neither owns nor co-authors the draft, approves it (publishing a new
 * immutable version through publish.server.ts) or returns it with comments. A draft that cannot be
 * decided is a 400 (with its problems in `details`); a decision about a revision the reviewer did not
 * see is a 409 with STALE_REVIEW_MESSAGE (`isStaleReview`).
 */
export async function decideReview(actor: Actor, input: DecisionInput): Promise<{ version?: number }> {
  if (!isAuthor(actor)) throw new AppError("forbidden", "Only course authors and administrators review modules.");
  const row = await prisma.moduleDraft.findFirst({ where: { id: input.draftId, ...reviewableBy(actor) }, select: draftSelect });
  if (!row) {
    const own = await prisma.moduleDraft.findFirst({ where: { id: input.draftId, ...editableBy(actor) }, select: { id: true } });
    if (own) throw new AppError("forbidden", "You cannot review your own module: another author or an administrator must.");
    throw new AppError("not-found", "There is no draft with that id waiting for review.");
  }
  const draft = toDraft(row);
  if (draft.status !== "in_review") {
    throw new AppError("bad-request", "This draft is not waiting for review (it may have been decided already).");
  }
  const review = await prisma.draftReview.findFirst({
    where: { draftId: draft.id, decision: null },
    orderBy: { submittedAt: "desc" },
    select: { id: true, revision: true },
  });
  if (!review || review.revision !== draft.revision) throw new AppError("bad-request", CONFLICT_MESSAGE);
  // The decision is about what the reviewer saw: a withdrawn, edited or resubmitted draft needs a new review.
  if (input.revision !== draft.revision) throw new AppError("conflict", STALE_REVIEW_MESSAGE);

  if (input.decision === "returned") {
    if (!input.comments.trim()) {
      throw new AppError("bad-request", "Say what needs to change: comments are required when returning a draft.");
    }
    await prisma.$transaction([
      prisma.draftReview.updateMany({
        where: { id: review.id },
        data: { decision: "returned", comments: input.comments, reviewerId: actor.id, decidedAt: new Date() },
      }),
      prisma.moduleDraft.updateMany({ where: { id: draft.id, revision: draft.revision, status: "in_review" }, data: { status: "draft" } }),
    ]);
    return {};
  }

  const existing = await prisma.module.findUnique({ where: { id: draft.moduleId }, select: { source: true } });
  if (existing?.source === "files") {
    throw new AppError(
      "bad-request",
      `The id "${draft.moduleId}" belongs to a module kept in courses/; this draft cannot publish over it.`,
    );
  }
  const { problems, module, media } = await validateDraft(draft);
  if (!module) throw new AppError("bad-request", "This draft has problems and cannot be published.", { details: problemLines(problems) });
  const exerciseProblems = await checkDraftExercises(module, draft);
  if (exerciseProblems.length > 0) {
    throw new AppError("bad-request", "This draft's exercises do not pass their checks, so it cannot be published.", {
      details: problemLines(exerciseProblems),
    });
  }
  const mediaProblems = await mediaReadinessProblems(draft.media, "publishing");
  if (mediaProblems.length > 0) throw new AppError("bad-request", mediaProblems.join(" "));
  const outcome = await publishLoadedModule(module, {
    source: "browser",
    // Straight from the media store on the server: no bytes pass through the browser.
    readAsset: (rel) => {
      const file = media.get(rel) ?? media.get(path.posix.normalize(rel));
      return file ? readMediaFile(file.fileName) : Promise.reject(new Error(`Media file "${rel}" is not attached to this draft.`));
    },
  });
  if (outcome.status === "refused") {
    throw new AppError("bad-request", "Publishing was refused.", { details: problemLines(outcome.problems) });
  }
  // What was published is the content read above (the revision reviewed). If the author withdrew the
  // draft meanwhile, their new draft keeps its status; the published copy still records this version.
  await prisma.$transaction([
    prisma.draftReview.updateMany({
      where: { id: review.id },
      data: { decision: "approved", comments: input.comments, reviewerId: actor.id, decidedAt: new Date(), versionNumber: outcome.version },
    }),
    prisma.moduleDraft.update({
      where: { id: draft.id },
      data: {
        publishedAt: new Date(),
        publishedYaml: draft.moduleYaml,
        publishedFiles: JSON.stringify(draft.files),
        publishedMedia: JSON.stringify(draft.media),
      },
    }),
    prisma.moduleDraft.updateMany({
      where: { id: draft.id, revision: draft.revision, status: "in_review" },
      data: { status: "published" },
    }),
    prisma.module.update({ where: { id: draft.moduleId }, data: { archivedAt: null } }),
  ]);
  return { version: outcome.version };
}

/** Every decided review of a draft, newest first, for the editor page. */
export async function listReviews(actor: Actor, draftId: string) {
  const draft = await requireDraft(actor, draftId);
  return prisma.draftReview.findMany({
    where: { draftId: draft.id },
    orderBy: { submittedAt: "desc" },
    take: 10,
    select: {
      id: true,
      decision: true,
      comments: true,
      submittedAt: true,
      decidedAt: true,
      versionNumber: true,
      reviewer: { select: { name: true } },
    },
  });
}
