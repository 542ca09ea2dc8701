/**
 * Who may fetch a file from the media store at /media/<sha256>.<ext> (ADR 0026).
 *
 * - Published media (any published module version uses it, or it is not an upload at all, e.g. an
 *   image in a courses/ folder) is public and cached for ever, as before.
 * - An upload that no published version uses is served only to its uploader, to the owner and
 *   co-authors of a draft it is attached to, to authors reviewing such a draft while it is in review,
 *   and to admins; to anyone else it does not exist (404). It is never stored by shared caches.
 */
import type { NextFunction, Request as ExpressRequest, Response } from "express";
import { getCurrentUser, type CurrentUser } from "~/modules/auth/session.server.ts";
import { mediaUrl } from "~/modules/catalog/media-store.server.ts";
import { prisma } from "~/utils/db.server.ts";

export type MediaAccess = "public" | "private" | "hidden";

/** Names in the store: a sha256 and a short extension. Anything else is left to the static handler (404). */
const STORE_NAME = /^[a-f0-9]{64}\.[a-z0-9]{1,10}$/;

/** Published files stay published (versions are immutable), so the answer is remembered. */
const knownPublic = new Set<string>();
const KNOWN_PUBLIC_LIMIT = 10_000;

async function isPublished(fileName: string): Promise<boolean> {
  const url = mediaUrl(fileName);
  const [inActivity, inDescription] = await Promise.all([
    prisma.activity.findFirst({ where: { OR: [{ html: { contains: url } }, { data: { contains: url } }] }, select: { versionId: true } }),
    prisma.moduleVersion.findFirst({ where: { descriptionHtml: { contains: url } }, select: { id: true } }),
  ]);
  return inActivity !== null || inDescription !== null;
}

function remember(fileName: string): MediaAccess {
  if (knownPublic.size >= KNOWN_PUBLIC_LIMIT) knownPublic.clear();
  knownPublic.add(fileName);
  return "public";
}

/** Whether `user` (null: anonymous) may fetch `fileName`, and whether the answer may be cached publicly. */
export async function mediaAccessFor(user: Pick<CurrentUser, "id" | "roles"> | null, fileName: string): Promise<MediaAccess> {
  if (knownPublic.has(fileName)) return "public";
  const assets = await prisma.mediaAsset.findMany({ where: { fileName }, select: { id: true, ownerId: true } });
  if (await isPublished(fileName)) return remember(fileName);
  if (assets.length === 0) return "public"; // not an upload: a courses/ module's own file
  if (!user) return "hidden";
  if (user.roles.includes("admin") || assets.some((a) => a.ownerId === user.id)) return "private";
  if (!user.roles.includes("author")) return "hidden";
  // Attached to a draft this author owns or co-authors, or one waiting for review (which authors review).
  const draft = await prisma.moduleDraft.findFirst({
    where: {
      OR: assets.map((a) => ({ media: { contains: `"${a.id}"` } })),
      AND: [{ OR: [{ ownerId: user.id }, { coAuthors: { some: { userId: user.id } } }, { status: "in_review" }] }],
    },
    select: { id: true },
  });
  return draft ? "private" : "hidden";
}

/**
 * Express middleware in front of the static /media handler: a hidden file answers 404 (as a missing
 * one does); a private one is marked so the static handler sends `Cache-Control: private, no-store`.
 */
export function guardUnpublishedMedia() {
  return async function guard(req: ExpressRequest, res: Response, next: NextFunction) {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const fileName = req.path.replace(/^\//, "");
    if (!STORE_NAME.test(fileName)) return next();
    try {
      if (knownPublic.has(fileName)) return next();
      const request = new Request(`http://localhost${req.originalUrl}`, { headers: { cookie: req.get("cookie") ?? "" } });
      const access = await mediaAccessFor(await getCurrentUser(request), fileName);
      if (access === "hidden") {
        res.status(404).set({ "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" }).send("Not found");
        return;
      }
      if (access === "private") res.locals.privateMedia = true;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** For the static handler's `setHeaders`: unpublished files are never kept by shared caches. */
export function mediaCacheHeaders(res: Response) {
  if (res.locals.privateMedia === true) res.setHeader("Cache-Control", "private, no-store");
}
