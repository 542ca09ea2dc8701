/**
 * Modules authored in the browser (ADR 0011): creating a draft, and every edit to it (details,
 * activities, sections, attached media) with optimistic concurrency: each write names the revision it
 * was based on and is refused (409) if the draft changed since. Review and publishing are in
 * draft-review.server.ts, co-authors in draft-co-authors.server.ts, the dashboard in
 * author-dashboard.server.ts; who may see what is in draft-access.server.ts.
 */
import crypto from "node:crypto";
import { ID_MAX_LENGTH, ID_PATTERN, suggestId } from "~/modules/catalog/course-format.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { fileModuleIds } from "./course-ids.server.ts";
import { findAttachableAsset, mediaOwnersOf, mediaPathProblem, suggestMediaPath, type DraftMediaEntry } from "./draft-media.server.ts";
import {
  activityIdOf,
  addSection,
  appendActivity,
  moveActivity,
  newActivityPath,
  newModuleYaml,
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
  type ModuleDetails,
} from "./draft-content.ts";
import { isAdmin, assertAuthor, contentOf, requireDraft, writeDraftRevision, type Actor, type Draft } from "./draft-access.server.ts";

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

/** Applies `change` to the draft's content, guarded by `revision` (writeDraftRevision: a 409 if it changed since). */
async function changeDraft(
  actor: Actor,
  draftId: string,
  revision: number,
  change: (content: DraftContent) => DraftContent,
): Promise<{ revision: number }> {
  const draft = await requireDraft(actor, draftId);
  return writeDraftRevision(draft, revision, () => {
    const next = change(contentOf(draft));
    return {
      moduleYaml: next.moduleYaml,
      files: JSON.stringify(next.files),
      title: readModuleDetails(next.moduleYaml).title || draft.moduleId,
    };
  });
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

function changeDraftMedia(draft: Draft, revision: number, media: DraftMediaEntry[]): Promise<{ revision: number }> {
  return writeDraftRevision(draft, revision, () => ({ media: JSON.stringify(media) }));
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
  return changeDraftMedia(draft, input.revision, media);
}

export async function detachMedia(actor: Actor, input: { draftId: string; revision: number; path: string }) {
  const draft = await requireDraft(actor, input.draftId);
  return changeDraftMedia(
    draft,
    input.revision,
    draft.media.filter((m) => m.path !== input.path),
  );
}

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
