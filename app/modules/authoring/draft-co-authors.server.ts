/**
 * Co-authors (ADR 0011): the owner (or an admin) shares editing of a draft with other course
 * authors. A co-author may edit but never review the draft; only the owner manages the list.
 */
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { isAdmin, requireDraft, type Actor } from "./draft-access.server.ts";

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
