/**
 * Modules authored in the browser (ADR 0011): drafts, editing with optimistic concurrency,
 * validation with the courses:check loader, review and publishing as ordinary immutable versions.
 * Every function takes the person asking and scopes its queries to what they may see.
 */
import crypto from "node:crypto";
import path from "node:path";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { CurrentUser } from "~/modules/auth/session.server.ts";
import { checkLoadResult } from "~/modules/catalog/check-courses.server.ts";
import { ID_MAX_LENGTH, ID_PATTERN, suggestId } from "~/modules/catalog/course-format.ts";
import { loadCourseFromSource, type CourseProblem, type LoadedModule } from "~/modules/catalog/load-course.server.ts";
import { publishLoadedModule } from "~/modules/catalog/publish.server.ts";
import { createExerciseSteps } from "~/modules/exercises/exercise-steps.server.ts";
import { getRatingSummaries } from "~/modules/feedback/ratings.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { fileModuleIds } from "./course-ids.server.ts";
import { diffDraftFiles, diffDraftMedia } from "./review-diff.ts";
import {
  draftFileSource,
  findAttachableAsset,
  mediaOwnersOf,
  mediaPathProblem,
  mediaReadinessProblems,
  parseMedia,
  readMediaFile,
  resolveDraftMedia,
  suggestMediaPath,
  type DraftMediaEntry,
  type ResolvedMedia,
} from "./draft-media.server.ts";
import {
  activityIdOf,
  addSection,
  appendActivity,
  CONFLICT_MESSAGE,
  moveActivity,
  newActivityPath,
  newModuleYaml,
  parseFiles,
  readActivityFields,
  readModuleDetails,
  readOutline,
  removeActivity,
  removeEmptySection,
  renameSection,
  setModuleDetails,
  TYPE_TEMPLATES,
  writeActivityFile,
  type ActivityFields,
  type DraftContent,
  type DraftFile,
  type DraftStatus,
  type ModuleDetails,
  type ReviewDecision,
} from "./draft-content.ts";

export type Actor = Pick<CurrentUser, "id" | "name" | "roles">;

const isAdmin = (actor: Actor) => actor.roles.includes("admin");
const isAuthor = (actor: Actor) => actor.roles.includes("author") || isAdmin(actor);

function assertAuthor(actor: Actor) {
  if (!isAuthor(actor)) throw new AppError("forbidden", "Only course authors and administrators can author modules.");
}

/** Drafts the actor may edit: their own, those they co-author, or any for an admin. */
function editableBy(actor: Actor): Prisma.ModuleDraftWhereInput {
  return isAdmin(actor) ? {} : { OR: [{ ownerId: actor.id }, { coAuthors: { some: { userId: actor.id } } }] };
}

/** Drafts the actor may review: any for an admin; for an author, those they neither own nor co-author. */
function reviewableBy(actor: Actor): Prisma.ModuleDraftWhereInput {
  return isAdmin(actor) ? {} : { ownerId: { not: actor.id }, coAuthors: { none: { userId: actor.id } } };
}

const draftSelect = {
  id: true,
  moduleId: true,
  ownerId: true,
  status: true,
  revision: true,
  title: true,
  moduleYaml: true,
  files: true,
  media: true,
  publishedYaml: true,
  publishedFiles: true,
  publishedMedia: true,
  updatedAt: true,
  submittedAt: true,
  publishedAt: true,
  archivedAt: true,
  owner: { select: { name: true } },
} satisfies Prisma.ModuleDraftSelect;

type DraftRow = Prisma.ModuleDraftGetPayload<{ select: typeof draftSelect }>;

export type Draft = Omit<DraftRow, "files" | "status" | "media"> & { status: DraftStatus; files: DraftFile[]; media: DraftMediaEntry[] };

function toDraft(row: DraftRow): Draft {
  return { ...row, status: row.status as DraftStatus, files: parseFiles(row.files), media: parseMedia(row.media) };
}

const contentOf = (draft: Pick<Draft, "moduleYaml" | "files">): DraftContent => ({ moduleYaml: draft.moduleYaml, files: draft.files });

// ---------------------------------------------------------------------------
// Module ids
// ---------------------------------------------------------------------------

/** Why `moduleId` cannot be used for a new draft, or undefined when it is free. */
export async function moduleIdProblem(moduleId: string): Promise<string | undefined> {
  if (!ID_PATTERN.test(moduleId)) {
    return `"${moduleId}" is not a valid id: use lower-case letters, digits and single hyphens, e.g. "${suggestId(moduleId)}".`;
  }
  const [mod, draft, inFiles] = await Promise.all([
    prisma.module.findUnique({ where: { id: moduleId }, select: { source: true } }),
    prisma.moduleDraft.findUnique({ where: { moduleId }, select: { id: true } }),
    fileModuleIds(),
  ]);
  if (mod?.source === "files" || inFiles.has(moduleId))
    return `The id "${moduleId}" is used by a module kept in courses/. Choose another id.`;
  if (mod || draft) return `The id "${moduleId}" is already used by another module. Choose another id.`;
  return undefined;
}

/**
 * A free module id made from a title, for authors who leave the id blank: "Questioning in class" ->
 * "questioning-in-class", or "questioning-in-class-2" (-3, …) when that one is taken.
 */
export async function suggestModuleId(title: string): Promise<string> {
  const hasWords = /[a-z0-9]/i.test(title.normalize("NFKD"));
  const base = hasWords
    ? suggestId(title)
        .slice(0, ID_MAX_LENGTH - 4)
        .replace(/-+$/, "")
    : "module";
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await moduleIdProblem(candidate))) return candidate;
  }
  return `${base}-${crypto.randomBytes(3).toString("hex")}`;
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/**
 * Finds a draft by the key in an editor URL: its module id (what URLs use, ADR 0040) or, for links
 * made before, its database id. `scope` decides who may see it, so an old link to someone else's
 * draft finds nothing and never reveals the module id.
 */
async function findDraftByKey(key: string, scope: Prisma.ModuleDraftWhereInput) {
  if (!key || key.length > 200) return null;
  return (
    (await prisma.moduleDraft.findFirst({ where: { AND: [{ moduleId: key }, scope] }, select: draftSelect })) ??
    (await prisma.moduleDraft.findFirst({ where: { AND: [{ id: key }, scope] }, select: draftSelect }))
  );
}

/** `key`: the module id, or the draft's database id (older links). */
export async function getDraft(actor: Actor, key: string): Promise<Draft | null> {
  if (!isAuthor(actor)) return null;
  const row = await findDraftByKey(key, editableBy(actor));
  return row ? toDraft(row) : null;
}

/** A draft the actor may edit, or a 404 (never saying whether someone else's draft exists). */
export async function requireDraft(actor: Actor, key: string): Promise<Draft> {
  assertAuthor(actor);
  const draft = await getDraft(actor, key);
  if (!draft) throw new AppError("not-found", "There is no draft with that id that you can edit.");
  return draft;
}

/**
 * Drafts the actor may read: any for an admin; for an author, their own or co-authored ones and those
 * waiting for their review. (Never `OR: [{}, ...]` for "anything": inside OR, Prisma's empty condition
 * matches no row, which hid drafts outside review from admins.)
 */
function readableBy(actor: Actor): Prisma.ModuleDraftWhereInput {
  if (isAdmin(actor)) return {};
  return { OR: [editableBy(actor), { ...reviewableBy(actor), status: "in_review" }] };
}

/** A draft the actor may review (or edit), for previews from the review queue. */
export async function requireDraftToRead(actor: Actor, key: string): Promise<Draft> {
  assertAuthor(actor);
  const row = await findDraftByKey(key, readableBy(actor));
  if (!row) throw new AppError("not-found", "There is no draft with that id that you can see.");
  return toDraft(row);
}

export type DraftProblems = { problems: CourseProblem[]; module?: LoadedModule; media: ResolvedMedia };

/**
 * Validates a draft with exactly the loader and messages of `courses:check`. Problems name files
 * as "<module id>/<path>"; `byFile` groups them by path within the module for inline display.
 */
export async function validateDraft(
  draft: Pick<Draft, "moduleId" | "moduleYaml" | "files"> & { media?: DraftMediaEntry[] },
): Promise<DraftProblems> {
  // Media files (ModuleDraft.media) are read from the media store, as the loader reads media/ on disk.
  const media = await resolveDraftMedia(draft.media ?? []);
  const result = await loadCourseFromSource(draft.moduleId, draftFileSource(contentOf(draft), media));
  const problems = result.ok ? [] : [...result.problems];
  const declared = readModuleDetails(draft.moduleYaml).id;
  if (declared && declared !== draft.moduleId) {
    problems.push({
      file: `${draft.moduleId}/module.yaml`,
      path: "id",
      message: `The module id is "${draft.moduleId}" and cannot change; set id: ${draft.moduleId} in module.yaml.`,
    });
  }
  return result.ok && problems.length === 0 ? { problems, module: result.module, media } : { problems, media };
}

/**
 * What `courses:check` runs beyond the loader, through the same pipeline (check-courses.server.ts):
 * every block exercise's goals and every code exercise's tests (starter and wrong solutions must fail,
 * the solution must pass). The code is the author's, so it runs in the sandbox (a confined child
 * process, ADR 0016), one job per call. Slower than validating (Python loads when the module has code
 * exercises), so it runs on submit and approve.
 */
export async function checkDraftExercises(module: LoadedModule, draft: Pick<Draft, "files">): Promise<CourseProblem[]> {
  const texts = new Map(draft.files.map((file) => [file.path, file.text]));
  const exercises = createExerciseSteps(async (_module, file) => texts.get(file) ?? "");
  try {
    const checked = await checkLoadResult({ ok: true, module }, exercises.steps);
    return checked.ok ? [] : checked.problems;
  } finally {
    await exercises.close();
  }
}

export function problemsForFile(moduleId: string, problems: CourseProblem[], path: string): CourseProblem[] {
  return problems.filter((p) => p.file === `${moduleId}/${path}`);
}

export function describeProblem(p: CourseProblem): string {
  const where = [p.line !== undefined ? `line ${p.line}` : undefined, p.path].filter(Boolean).join(", ");
  return where ? `${where}: ${p.message}` : p.message;
}

/** Problems as the lines a form lists under its message (an AppError's `details`): "<file>: line 3, path: message". */
export function problemLines(problems: CourseProblem[]): string[] {
  return problems.map((p) => `${p.file}: ${describeProblem(p)}`);
}

// ---------------------------------------------------------------------------
// Creating and editing
// ---------------------------------------------------------------------------

export type CreateDraftInput = { moduleId: string; details: ModuleDetails };

/** A new draft owned by the actor; a module id that is taken or invalid is a 400 saying why. */
export async function createDraft(actor: Actor, input: CreateDraftInput): Promise<{ draftId: string; moduleId: string }> {
  assertAuthor(actor);
  const problem = await moduleIdProblem(input.moduleId);
  if (problem) throw new AppError("bad-request", problem);
  return createDraftFromContent(actor, input.moduleId, { moduleYaml: newModuleYaml(input.moduleId, input.details, actor.name), files: [] });
}

/** Stores new content as a draft owned by the actor (after its module id was checked; taken meanwhile, a 400). */
export async function createDraftFromContent(
  actor: Actor,
  moduleId: string,
  content: DraftContent,
  media: DraftMediaEntry[] = [],
): Promise<{ draftId: string; moduleId: string }> {
  assertAuthor(actor);
  try {
    const draft = await prisma.moduleDraft.create({
      data: {
        moduleId,
        ownerId: actor.id,
        title: readModuleDetails(content.moduleYaml).title || moduleId,
        moduleYaml: content.moduleYaml,
        files: JSON.stringify(content.files),
        media: JSON.stringify(media),
      },
      select: { id: true },
    });
    return { draftId: draft.id, moduleId };
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("bad-request", `The id "${moduleId}" is already used by another module.`, { cause: error });
    }
    throw error;
  }
}

/**
 * Applies `change` to the draft's content if `revision` is still the draft's revision; otherwise
 * refuses with CONFLICT_MESSAGE (409), so a save based on an old copy never overwrites a newer one.
 * Editing a published draft makes it a draft again (of the next version).
 */
async function changeDraft(
  actor: Actor,
  draftId: string,
  revision: number,
  change: (content: DraftContent) => DraftContent,
): Promise<{ revision: number }> {
  const draft = await requireDraft(actor, draftId);
  if (draft.status === "in_review") {
    throw new AppError("conflict", "This draft is waiting for review and cannot be changed. Withdraw it from review to edit it.");
  }
  if (draft.status === "archived") throw new AppError("conflict", "This draft is archived and cannot be changed.");
  if (draft.revision !== revision) throw new AppError("conflict", CONFLICT_MESSAGE);
  const next = change(contentOf(draft));
  const updated = await prisma.moduleDraft.updateMany({
    where: { id: draft.id, revision, status: { in: ["draft", "published"] } },
    data: {
      moduleYaml: next.moduleYaml,
      files: JSON.stringify(next.files),
      title: readModuleDetails(next.moduleYaml).title || draft.moduleId,
      revision: { increment: 1 },
      status: "draft",
    },
  });
  if (updated.count === 0) throw new AppError("conflict", CONFLICT_MESSAGE); // changed between our read and write
  return { revision: revision + 1 };
}

export function saveModuleDetails(actor: Actor, input: { draftId: string; revision: number; details: ModuleDetails }) {
  return changeDraft(actor, input.draftId, input.revision, (content) => ({
    ...content,
    moduleYaml: setModuleDetails(content.moduleYaml, input.details),
  }));
}

export async function addActivity(
  actor: Actor,
  input: { draftId: string; revision: number; type: string; title: string; activityId?: string },
): Promise<{ revision: number; path: string }> {
  const activityId = input.activityId || suggestId(input.title);
  let path = "";
  const result = await changeDraft(actor, input.draftId, input.revision, (content) => {
    path = newActivityPath(
      content.files.map((f) => f.path),
      activityId,
    );
    const template = TYPE_TEMPLATES[input.type] ?? { settings: "", body: "" };
    const text = writeActivityFile({ id: activityId, type: input.type, title: input.title, minutes: "10", ...template });
    return { moduleYaml: appendActivity(content.moduleYaml, path), files: [...content.files, { path, text }] };
  });
  return { ...result, path };
}

export function saveActivity(actor: Actor, input: { draftId: string; revision: number; path: string; fields: ActivityFields }) {
  return changeDraft(actor, input.draftId, input.revision, (content) => {
    if (!content.files.some((f) => f.path === input.path)) throw new AppError("not-found", "That activity is not in this draft any more.");
    const text = writeActivityFile(input.fields);
    return { ...content, files: content.files.map((f) => (f.path === input.path ? { path: f.path, text } : f)) };
  });
}

export function moveActivityInDraft(actor: Actor, input: { draftId: string; revision: number; path: string; direction: "up" | "down" }) {
  return changeDraft(actor, input.draftId, input.revision, (content) => ({
    ...content,
    moduleYaml: moveActivity(content.moduleYaml, input.path, input.direction),
  }));
}

export function removeActivityFromDraft(actor: Actor, input: { draftId: string; revision: number; path: string }) {
  return changeDraft(actor, input.draftId, input.revision, (content) => {
    const file = content.files.find((f) => f.path === input.path);
    return {
      moduleYaml: removeActivity(content.moduleYaml, input.path, file ? activityIdOf(file.text) : undefined),
      files: content.files.filter((f) => f.path !== input.path),
    };
  });
}

export type SectionChange =
  { kind: "add"; title: string } | { kind: "rename"; index: number; title: string } | { kind: "remove"; index: number };

export function changeSections(actor: Actor, input: { draftId: string; revision: number; change: SectionChange }) {
  const { change } = input;
  return changeDraft(actor, input.draftId, input.revision, (content) => ({
    ...content,
    moduleYaml:
      change.kind === "add"
        ? addSection(content.moduleYaml, change.title)
        : change.kind === "rename"
          ? renameSection(content.moduleYaml, change.index, change.title)
          : removeEmptySection(content.moduleYaml, change.index),
  }));
}

// ---------------------------------------------------------------------------
// Media (uploads attached to the draft under a file name, e.g. media/intro.mp4)
// ---------------------------------------------------------------------------

async function changeDraftMedia(actor: Actor, draft: Draft, revision: number, media: DraftMediaEntry[]): Promise<{ revision: number }> {
  if (draft.status === "in_review") {
    throw new AppError("conflict", "This draft is waiting for review and cannot be changed. Withdraw it from review to edit it.");
  }
  if (draft.status === "archived") throw new AppError("conflict", "This draft is archived and cannot be changed.");
  if (draft.revision !== revision) throw new AppError("conflict", CONFLICT_MESSAGE);
  const updated = await prisma.moduleDraft.updateMany({
    where: { id: draft.id, revision, status: { in: ["draft", "published"] } },
    data: { media: JSON.stringify(media), revision: { increment: 1 }, status: "draft" },
  });
  if (updated.count === 0) throw new AppError("conflict", CONFLICT_MESSAGE);
  return { revision: revision + 1 };
}

/**
 * Attaches one of the owner's or a co-author's uploads (never anyone else's: scoped in the query)
 * as a module file. The same path attached again is replaced.
 */
export async function attachMedia(
  actor: Actor,
  input: { draftId: string; revision: number; path: string; assetId: string },
): Promise<{ revision: number }> {
  const draft = await requireDraft(actor, input.draftId);
  const asset = await findAttachableAsset(await mediaOwnersOf(draft), input.assetId);
  if (!asset) {
    throw new AppError("bad-request", "You can only attach media uploaded by this module's authors. Upload it at /author/media first.");
  }
  const rel = input.path.trim() || suggestMediaPath(asset);
  const problem = mediaPathProblem(rel, asset);
  if (problem) throw new AppError("bad-request", problem);
  if (draft.files.some((f) => f.path === rel)) throw new AppError("bad-request", `"${rel}" is already a file of this module.`);
  const media = [...draft.media.filter((m) => m.path !== rel), { path: rel, assetId: asset.id }].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  return changeDraftMedia(actor, draft, input.revision, media);
}

export async function detachMedia(actor: Actor, input: { draftId: string; revision: number; path: string }) {
  const draft = await requireDraft(actor, input.draftId);
  return changeDraftMedia(
    actor,
    draft,
    input.revision,
    draft.media.filter((m) => m.path !== input.path),
  );
}

/** The activities in module order, with their editable fields and problems. */
/** The listed activities' minutes, added up (what the CPD hours are checked against; schemas.ts). */
export function draftActivityMinutes(draft: Pick<Draft, "moduleYaml" | "files">): number {
  const byPath = new Map(draft.files.map((f) => [f.path, f]));
  return readOutline(draft.moduleYaml).reduce((sum, entry) => {
    const file = byPath.get(entry.path);
    const minutes = file ? Number(readActivityFields(file.text).minutes) : NaN;
    return sum + (Number.isFinite(minutes) && minutes > 0 ? minutes : 0);
  }, 0);
}

export function draftActivities(draft: Pick<Draft, "moduleYaml" | "files">) {
  const outline = readOutline(draft.moduleYaml);
  const listed = new Set(outline.map((e) => e.path));
  const byPath = new Map(draft.files.map((f) => [f.path, f]));
  const activities = outline.map((entry) => {
    const file = byPath.get(entry.path);
    const fields = file ? readActivityFields(file.text) : undefined;
    return { ...entry, exists: !!file, id: fields?.id ?? "", type: fields?.type ?? "", title: fields?.title || entry.path };
  });
  // Files not listed in module.yaml (imported notes such as design.md) are kept but not shown as activities.
  return { activities, unlisted: draft.files.filter((f) => !listed.has(f.path)).map((f) => f.path) };
}

// ---------------------------------------------------------------------------
// Review and publishing
// ---------------------------------------------------------------------------

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

/** `revision` is the draft revision the reviewer saw: a decision about any other content is refused. */
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

/** Archives a draft; a published module is withdrawn from the catalogue (learners keep their progress). */
export async function archiveDraft(actor: Actor, input: { draftId: string }) {
  const draft = await requireDraft(actor, input.draftId);
  if (draft.ownerId !== actor.id && !isAdmin(actor)) {
    throw new AppError("forbidden", "Only the module's owner or an administrator can archive it.");
  }
  const now = new Date();
  await prisma.$transaction([
    prisma.moduleDraft.update({ where: { id: draft.id }, data: { status: "archived", archivedAt: now, revision: { increment: 1 } } }),
    prisma.draftReview.deleteMany({ where: { draftId: draft.id, decision: null } }),
    prisma.module.updateMany({ where: { id: draft.moduleId, source: "browser" }, data: { archivedAt: now } }),
  ]);
}

// ---------------------------------------------------------------------------
// Dashboard
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Co-authors
// ---------------------------------------------------------------------------

export async function listCoAuthors(actor: Actor, draftId: string) {
  const draft = await requireDraft(actor, draftId);
  const rows = await prisma.draftCoAuthor.findMany({
    where: { draftId: draft.id },
    orderBy: { addedAt: "asc" },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((r) => r.user);
}

/** The owner (or an admin) shares editing with another course author, found by email (none such: a 400). */
export async function addCoAuthor(actor: Actor, input: { draftId: string; email: string }): Promise<void> {
  const draft = await requireDraft(actor, input.draftId);
  if (draft.ownerId !== actor.id && !isAdmin(actor))
    throw new AppError("forbidden", "Only the module's owner or an administrator can add co-authors.");
  const user = await prisma.user.findFirst({
    where: { email: input.email.trim().toLowerCase(), roles: { some: { role: { in: ["author", "admin"] } } } },
    select: { id: true },
  });
  if (!user) {
    throw new AppError(
      "bad-request",
      "There is no course author with that email address. Ask an administrator to make them an author first.",
    );
  }
  if (user.id === draft.ownerId) throw new AppError("bad-request", "That is the module's owner.");
  await prisma.draftCoAuthor.upsert({
    where: { draftId_userId: { draftId: draft.id, userId: user.id } },
    create: { draftId: draft.id, userId: user.id },
    update: {},
  });
}

export async function removeCoAuthor(actor: Actor, input: { draftId: string; userId: string }) {
  const draft = await requireDraft(actor, input.draftId);
  if (draft.ownerId !== actor.id && !isAdmin(actor))
    throw new AppError("forbidden", "Only the module's owner or an administrator can remove co-authors.");
  await prisma.draftCoAuthor.deleteMany({ where: { draftId: draft.id, userId: input.userId } });
}
