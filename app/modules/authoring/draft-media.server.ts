/**
 * Uploaded media in drafts (ADR 0011 addendum, ADR 0012): a draft's `media` column lists
 * `{ path, assetId }`, naming a MediaAsset (bytes in the content-addressed media store) as a file of
 * the module folder, e.g. media/intro.mp4. The loader reads those files from the store, so drafts
 * are validated, previewed, published and exported exactly like a courses/ folder holding them.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import type { ModuleFileSource } from "~/modules/catalog/module-sources.server.ts";
import { mediaUrl, storeMediaBytes } from "~/modules/catalog/media-store.server.ts";
import { mediaReadyForPublishing } from "~/modules/uploads/media.server.ts";
import {
  ALLOWED_TYPES,
  checkContent,
  checkDeclared,
  checkQuota,
  extensionForMime,
  looksLikeWebVtt,
  SNIFF_BYTES,
  type MediaKind,
} from "~/modules/uploads/policy.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { MODULE_FILE, type DraftContent } from "./draft-content.ts";

export type DraftMediaEntry = { path: string; assetId: string };

export type ResolvedMediaFile = {
  assetId: string;
  fileName: string;
  kind: MediaKind;
  mime: string;
  originalName: string;
  bytes: number;
  sha256: string;
};

/** Media files of a draft by path within the module folder (entries whose asset is gone are left out). */
export type ResolvedMedia = Map<string, ResolvedMediaFile>;

export function parseMedia(json: string | null | undefined): DraftMediaEntry[] {
  try {
    const value: unknown = JSON.parse(json ?? "[]");
    if (!Array.isArray(value)) return [];
    return value.filter(
      (e): e is DraftMediaEntry =>
        typeof e === "object" &&
        e !== null &&
        typeof (e as DraftMediaEntry).path === "string" &&
        typeof (e as DraftMediaEntry).assetId === "string",
    );
  } catch {
    return [];
  }
}

/** Media file names: under media/, lower-case letters, digits, hyphens, underscores and dots. */
const MEDIA_PATH_PATTERN = /^media\/[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*$/;

/** Why `rel` cannot name this asset in a module folder, or undefined. */
export function mediaPathProblem(rel: string, asset: { mime: string; originalName: string }): string | undefined {
  if (!MEDIA_PATH_PATTERN.test(rel)) {
    return `"${rel}" is not a media file name: use media/ followed by lower-case letters, digits and hyphens, e.g. media/intro.mp4.`;
  }
  const extensions = ALLOWED_TYPES.find((t) => t.mime === asset.mime)?.extensions ?? [];
  const extension = path.posix.extname(rel);
  if (!extensions.includes(extension)) {
    return `"${asset.originalName}" is ${asset.mime}: its file name must end in ${extensions.join(" or ")}.`;
  }
  return undefined;
}

export async function resolveDraftMedia(entries: readonly DraftMediaEntry[]): Promise<ResolvedMedia> {
  if (entries.length === 0) return new Map();
  const rows = await prisma.mediaAsset.findMany({
    where: { id: { in: [...new Set(entries.map((e) => e.assetId))] } },
    select: { id: true, fileName: true, kind: true, mime: true, originalName: true, bytes: true, sha256: true },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const resolved: ResolvedMedia = new Map();
  for (const entry of entries) {
    const row = byId.get(entry.assetId);
    if (row) resolved.set(entry.path, { ...row, assetId: row.id, kind: row.kind as MediaKind });
  }
  return resolved;
}

export function readMediaFile(fileName: string): Promise<Buffer> {
  return fs.readFile(path.join(getEnv().MEDIA_DIR, fileName));
}

/** The draft as a module folder: text from the draft, media read from the store only when asked for. */
export function draftFileSource(content: DraftContent, media: ResolvedMedia): ModuleFileSource {
  const text = new Map<string, string>([[MODULE_FILE, content.moduleYaml]]);
  for (const file of content.files) text.set(path.posix.normalize(file.path), file.text);
  const normalised = new Map([...media].map(([rel, m]) => [path.posix.normalize(rel), m]));
  return {
    isFile: (rel) => Promise.resolve(text.has(path.posix.normalize(rel)) || normalised.has(path.posix.normalize(rel))),
    read: (rel) => {
      const key = path.posix.normalize(rel);
      const body = text.get(key);
      if (body !== undefined) return Promise.resolve(Buffer.from(body));
      const file = normalised.get(key);
      return file ? readMediaFile(file.fileName) : Promise.reject(new Error(`No file "${rel}" in the module`));
    },
    // Media are content-addressed: their digest is known, so validating never reads a large video.
    digest: (rel) => {
      const file = normalised.get(path.posix.normalize(rel));
      return Promise.resolve(file ? { bytes: file.bytes, sha256: file.sha256 } : undefined);
    },
    list: () =>
      Promise.resolve(
        [...new Set([...text.keys(), ...normalised.keys()])].filter((rel) => !rel.split("/").some((s) => s.startsWith("."))).sort(),
      ),
  };
}

/** For previews: module file path → its URL under /media. */
export function draftMediaUrls(media: ResolvedMedia): Map<string, string> {
  return new Map([...media].map(([rel, m]) => [path.posix.normalize(rel), mediaUrl(m.fileName)]));
}

/**
 * Whether the draft's media may be published: every video needs captions. `when` completes
 * "Add captions (WebVTT) to intro.mp4 before …".
 */
export async function mediaReadinessProblems(entries: readonly DraftMediaEntry[], when: "submitting" | "publishing"): Promise<string[]> {
  if (entries.length === 0) return [];
  const readiness = await mediaReadyForPublishing(entries.map((e) => e.assetId));
  if (readiness.ready) return [];
  const uncaptioned = new Set(readiness.videosWithoutCaptions.map((v) => v.id));
  const unknown = new Set(readiness.unknown);
  const problems: string[] = [];
  for (const entry of entries) {
    const name = path.posix.basename(entry.path);
    if (uncaptioned.has(entry.assetId))
      problems.push(`Add captions (WebVTT) to ${name} before ${when}: upload them for this video at /author/media.`);
    if (unknown.has(entry.assetId)) problems.push(`${entry.path} is no longer stored (its upload was deleted): attach another file.`);
  }
  return problems;
}

/** The people whose uploads may go into this draft: its owner and co-authors. */
export async function mediaOwnersOf(draft: { id: string; ownerId: string }): Promise<string[]> {
  const coAuthors = await prisma.draftCoAuthor.findMany({ where: { draftId: draft.id }, select: { userId: true } });
  return [draft.ownerId, ...coAuthors.map((c) => c.userId)];
}

/** An asset of the draft's owner or a co-author (scoped in the query), or null. */
export function findAttachableAsset(owners: readonly string[], assetId: string) {
  return prisma.mediaAsset.findFirst({
    where: { id: assetId, ownerId: { in: [...owners] } },
    select: { id: true, kind: true, mime: true, originalName: true },
  });
}

export type AttachableMedia = { id: string; kind: MediaKind; originalName: string; ownerName: string; suggestedPath: string };

/** Uploads that may be attached to the draft, newest first, with a file name to suggest. */
export async function listAttachableMedia(owners: readonly string[]): Promise<AttachableMedia[]> {
  const rows = await prisma.mediaAsset.findMany({
    where: { ownerId: { in: [...owners] } },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, kind: true, mime: true, originalName: true, owner: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as MediaKind,
    originalName: r.originalName,
    ownerName: r.owner.name,
    suggestedPath: suggestMediaPath(r),
  }));
}

/** A file name for an upload attached without one: media/<its name, tidied>. */
export function suggestMediaPath(asset: { originalName: string; mime: string }): string {
  return `media/${suggestFileName(asset.originalName, asset.mime)}`;
}

/** For the editor: the draft's media files (and whether each is still stored) and what could be attached. */
export async function getDraftMediaPanel(draft: { id: string; ownerId: string; media: DraftMediaEntry[] }) {
  const [resolved, attachable] = await Promise.all([resolveDraftMedia(draft.media), mediaOwnersOf(draft).then(listAttachableMedia)]);
  return {
    attached: draft.media.map((entry) => {
      const file = resolved.get(entry.path);
      return {
        path: entry.path,
        originalName: file?.originalName ?? null,
        kind: file?.kind ?? null,
        url: file ? mediaUrl(file.fileName) : null,
      };
    }),
    attachable,
  };
}

function suggestFileName(originalName: string, mime: string): string {
  const extension = extensionForMime(mime);
  const stem = originalName
    .replace(/\.[^.]*$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${stem || "file"}${extension}`;
}

// ---------------------------------------------------------------------------
// Import: media files in a module zip become the importer's assets
// ---------------------------------------------------------------------------

export type ImportedMediaFile = { path: string; bytes: Uint8Array };

/** Checks a media file from a zip with the upload policy: the name's type, its size and its content. */
export async function checkImportedMedia(
  file: ImportedMediaFile,
): Promise<{ ok: true; kind: MediaKind; mime: string } | { ok: false; message: string }> {
  const name = path.posix.basename(file.path);
  const declared = checkDeclared({ name, mime: "", size: file.bytes.byteLength });
  if (!declared.ok) return { ok: false, message: `${file.path}: ${declared.message}` };
  const head = file.bytes.subarray(0, SNIFF_BYTES);
  const sniffed = looksLikeWebVtt(head) ? { mime: "text/vtt" } : await fileTypeFromBuffer(head);
  const content = checkContent({ kind: declared.type.kind, mime: declared.type.mime, name }, sniffed ? { mime: sniffed.mime } : undefined);
  if (!content.ok) return { ok: false, message: `${file.path}: ${content.message.replace(" It has been deleted.", " Refused.")}` };
  return { ok: true, kind: declared.type.kind, mime: content.mime };
}

/**
 * Stores checked media files as the owner's assets (within their quota) and returns the draft's
 * media entries. `captionsFor` maps a captions path to its video's path (from video activities).
 */
export async function storeImportedMedia(
  ownerId: string,
  files: readonly (ImportedMediaFile & { kind: MediaKind; mime: string })[],
  captionsFor: ReadonlyMap<string, string>,
): Promise<{ ok: true; media: DraftMediaEntry[] } | { ok: false; message: string }> {
  if (files.length === 0) return { ok: true, media: [] };
  const used = (
    await Promise.all([
      prisma.mediaAsset.aggregate({ where: { ownerId }, _sum: { bytes: true } }),
      prisma.mediaUpload.aggregate({ where: { ownerId }, _sum: { bytes: true } }),
    ])
  ).reduce((sum, r) => sum + (r._sum.bytes ?? 0), 0);
  const fits = checkQuota(
    used,
    files.reduce((sum, f) => sum + f.bytes.byteLength, 0),
  );
  if (!fits.ok) return fits;
  const ids = new Map<string, string>();
  // Videos first, so captions can name the video they belong to.
  const ordered = [...files].sort((a, b) => Number(a.kind === "captions") - Number(b.kind === "captions"));
  for (const file of ordered) {
    const stored = await storeMediaBytes(file.bytes, extensionForMime(file.mime));
    const videoPath = file.kind === "captions" ? captionsFor.get(file.path) : undefined;
    const asset = await prisma.mediaAsset.create({
      data: {
        ownerId,
        kind: file.kind,
        mime: file.mime,
        bytes: stored.bytes,
        sha256: stored.sha256,
        fileName: stored.fileName,
        originalName: path.posix.basename(file.path),
        captionsForId: videoPath ? (ids.get(videoPath) ?? null) : null,
      },
      select: { id: true },
    });
    ids.set(file.path, asset.id);
  }
  return { ok: true, media: files.map((f) => ({ path: f.path, assetId: ids.get(f.path)! })) };
}

/** Removes the rows of media stored by an import that then failed (the bytes may be shared, so they stay). */
export async function forgetImportedMedia(ownerId: string, media: readonly DraftMediaEntry[]) {
  await prisma.mediaAsset.deleteMany({ where: { ownerId, id: { in: media.map((m) => m.assetId) } } });
}
