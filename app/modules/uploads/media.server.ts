import { mediaUrl } from "~/modules/catalog/media-store.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { checkQuota, type MediaKind } from "./policy.ts";

/**
 * Authors' media in the database: uploads in progress (MediaUpload, keyed by the tus upload id) and
 * finished files (MediaAsset). Every query is scoped by the owner.
 */

/** Bytes the author has stored plus the full declared size of everything they are still uploading. */
export async function getQuotaUsage(ownerId: string): Promise<number> {
  const [assets, uploads] = await Promise.all([
    prisma.mediaAsset.findMany({ where: { ownerId }, select: { bytes: true } }),
    prisma.mediaUpload.findMany({ where: { ownerId }, select: { bytes: true } }),
  ]);
  return [...assets, ...uploads].reduce((sum, row) => sum + row.bytes, 0);
}

export type PendingUploadInput = {
  id: string;
  ownerId: string;
  kind: MediaKind;
  declaredMime: string;
  originalName: string;
  bytes: number;
  captionsForId?: string | null;
};

/** Records a new upload if it fits the author's quota (checked and written in one transaction). */
export async function startPendingUpload(
  input: PendingUploadInput,
  quota?: number,
): Promise<{ ok: true } | { ok: false; message: string }> {
  return prisma.$transaction(async (tx) => {
    const [assets, uploads] = await Promise.all([
      tx.mediaAsset.findMany({ where: { ownerId: input.ownerId }, select: { bytes: true } }),
      tx.mediaUpload.findMany({ where: { ownerId: input.ownerId }, select: { bytes: true } }),
    ]);
    const used = [...assets, ...uploads].reduce((sum, row) => sum + row.bytes, 0);
    const fits = checkQuota(used, input.bytes, quota);
    if (!fits.ok) return fits;
    await tx.mediaUpload.create({ data: { ...input, captionsForId: input.captionsForId ?? null } });
    return { ok: true as const };
  });
}

export function getPendingUpload(id: string) {
  return prisma.mediaUpload.findUnique({ where: { id } });
}

export async function markContentChecked(id: string) {
  await prisma.mediaUpload.updateMany({ where: { id }, data: { contentChecked: true } });
}

export async function forgetPendingUpload(id: string) {
  await prisma.mediaUpload.deleteMany({ where: { id } });
}

export function listExpiredPendingUploads(startedBefore: Date) {
  return prisma.mediaUpload.findMany({ where: { createdAt: { lt: startedBefore } }, select: { id: true } });
}

/** A video of this author's that captions may be attached to, or null. */
export function findOwnedVideo(ownerId: string, id: string) {
  return prisma.mediaAsset.findFirst({ where: { id, ownerId, kind: "video" }, select: { id: true, originalName: true } });
}

export type NewMediaAsset = {
  ownerId: string;
  kind: MediaKind;
  mime: string;
  bytes: number;
  sha256: string;
  fileName: string;
  originalName: string;
  captionsForId?: string | null;
};

/** The finished upload becomes an asset; its pending row goes in the same transaction. */
export async function recordMediaAsset(uploadId: string, asset: NewMediaAsset) {
  const [created] = await prisma.$transaction([
    prisma.mediaAsset.create({ data: { ...asset, captionsForId: asset.captionsForId ?? null }, select: { id: true } }),
    prisma.mediaUpload.deleteMany({ where: { id: uploadId } }),
  ]);
  return created;
}

export type MediaListItem = {
  id: string;
  kind: MediaKind;
  mime: string;
  bytes: number;
  originalName: string;
  url: string;
  createdAt: string;
  /** Videos: the captions attached to them (empty when none). Captions: the video's name. */
  captions: { id: string; originalName: string; url: string }[];
  captionsFor: { id: string; originalName: string } | null;
};

/** The author's media, newest first. */
export async function listMyMedia(ownerId: string): Promise<MediaListItem[]> {
  const rows = await prisma.mediaAsset.findMany({
    where: { ownerId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      kind: true,
      mime: true,
      bytes: true,
      originalName: true,
      fileName: true,
      createdAt: true,
      captions: { where: { ownerId }, select: { id: true, originalName: true, fileName: true }, orderBy: { createdAt: "desc" } },
      captionsFor: { select: { id: true, originalName: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as MediaKind,
    mime: row.mime,
    bytes: row.bytes,
    originalName: row.originalName,
    url: mediaUrl(row.fileName),
    createdAt: row.createdAt.toISOString(),
    captions: row.captions.map((c) => ({ id: c.id, originalName: c.originalName, url: mediaUrl(c.fileName) })),
    captionsFor: row.captionsFor,
  }));
}

export type PublishingReadiness = {
  ready: boolean;
  /** Videos among the assets that have no WebVTT captions yet. */
  videosWithoutCaptions: { id: string; originalName: string }[];
  /** Ids that name no asset at all. */
  unknown: string[];
};

/**
 * Whether these assets may go into a published module: every video needs captions (WCAG 2.2 AA,
 * 1.2.2). For the authoring module to call before a draft is submitted or approved.
 */
export async function mediaReadyForPublishing(assetIds: readonly string[]): Promise<PublishingReadiness> {
  const ids = [...new Set(assetIds)];
  const rows = await prisma.mediaAsset.findMany({
    where: { id: { in: ids } },
    select: { id: true, kind: true, originalName: true, _count: { select: { captions: true } } },
  });
  const found = new Set(rows.map((r) => r.id));
  const videosWithoutCaptions = rows
    .filter((r) => r.kind === "video" && r._count.captions === 0)
    .map((r) => ({ id: r.id, originalName: r.originalName }));
  const unknown = ids.filter((id) => !found.has(id));
  return { ready: videosWithoutCaptions.length === 0 && unknown.length === 0, videosWithoutCaptions, unknown };
}
