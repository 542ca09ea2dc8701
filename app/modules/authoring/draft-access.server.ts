/**
 * Who may do what with a draft, shared by the authoring files (drafts, review, co-authors, dashboard):
 * the actor checks, the `where` scopes that put them in every query, and reading a draft row into a
 * Draft. Nothing outside app/modules/authoring needs these but the Actor and Draft types and the
 * get/require functions.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import type { CurrentUser } from "~/modules/auth/session.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { parseMedia, type DraftMediaEntry } from "./draft-media.server.ts";
import { CONFLICT_MESSAGE, parseFiles, type DraftContent, type DraftFile, type DraftStatus } from "./draft-content.ts";

export type Actor = Pick<CurrentUser, "id" | "name" | "roles">;

export const isAdmin = (actor: Actor) => actor.roles.includes("admin");
export const isAuthor = (actor: Actor) => actor.roles.includes("author") || isAdmin(actor);

export function assertAuthor(actor: Actor) {
  if (!isAuthor(actor)) throw new AppError("forbidden", "Only course authors and administrators can author modules.");
}

/** Drafts the actor may edit: their own, those they co-author, or any for an admin. */
export function editableBy(actor: Actor): Prisma.ModuleDraftWhereInput {
  return isAdmin(actor) ? {} : { OR: [{ ownerId: actor.id }, { coAuthors: { some: { userId: actor.id } } }] };
}

/** Drafts the actor may review: any for an admin; for an author, those they neither own nor co-author. */
export function reviewableBy(actor: Actor): Prisma.ModuleDraftWhereInput {
  return isAdmin(actor) ? {} : { ownerId: { not: actor.id }, coAuthors: { none: { userId: actor.id } } };
}

export const draftSelect = {
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

export function toDraft(row: DraftRow): Draft {
  return { ...row, status: row.status as DraftStatus, files: parseFiles(row.files), media: parseMedia(row.media) };
}

export const contentOf = (draft: Pick<Draft, "moduleYaml" | "files">): DraftContent => ({
  moduleYaml: draft.moduleYaml,
  files: draft.files,
});

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

/**
 * The one way a draft's content is written (optimistic concurrency): refused with a 409 if the draft
 * is in review or archived, or if `revision` is not its revision any more (so a save based on an old
 * copy never overwrites a newer one); otherwise `data()` is written with the next revision. Editing a
 * published draft makes it a draft again (of the next version).
 */
export async function writeDraftRevision(
  draft: Pick<Draft, "id" | "status" | "revision">,
  revision: number,
  data: () => Prisma.ModuleDraftUpdateManyMutationInput,
): Promise<{ revision: number }> {
  if (draft.status === "in_review") {
    throw new AppError("conflict", "This draft is waiting for review and cannot be changed. Withdraw it from review to edit it.");
  }
  if (draft.status === "archived") throw new AppError("conflict", "This draft is archived and cannot be changed.");
  if (draft.revision !== revision) throw new AppError("conflict", CONFLICT_MESSAGE);
  const updated = await prisma.moduleDraft.updateMany({
    where: { id: draft.id, revision, status: { in: ["draft", "published"] } },
    data: { ...data(), revision: { increment: 1 }, status: "draft" },
  });
  if (updated.count === 0) throw new AppError("conflict", CONFLICT_MESSAGE); // changed between our read and write
  return { revision: revision + 1 };
}
