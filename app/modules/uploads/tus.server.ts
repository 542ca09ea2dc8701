import fs from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { FileStore } from "@tus/file-store";
import { Server } from "@tus/server";
import express, { type NextFunction, type Request as ExpressRequest, type Response } from "express";
import { fileTypeFromBuffer } from "file-type";
import { moveFileIntoMediaStore } from "~/modules/catalog/media-store.server.ts";
import { getCurrentUser, hasRole, type CurrentUser } from "~/modules/auth/session.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import {
  findOwnedVideo,
  forgetPendingUpload,
  getPendingUpload,
  listExpiredPendingUploads,
  markContentChecked,
  recordMediaAsset,
  startPendingUpload,
} from "./media.server.ts";
import {
  AUTHOR_QUOTA_BYTES,
  MAX_BYTES,
  SNIFF_BYTES,
  UPLOAD_EXPIRY_MS,
  checkContent,
  checkDeclared,
  extensionForMime,
  formatBytes,
  looksLikeWebVtt,
  type ContentCheck,
  type MediaKind,
  type Sniffed,
} from "./policy.ts";
import { DatabaseLocker, deleteStaleUploadLocks } from "./upload-locker.server.ts";

/**
 * The tus server (docs/decisions/0012-resumable-media-uploads.md), mounted in the Express app at
 * /uploads/tus. Express middleware in front of it decides who is asking before tus reads a byte:
 * only signed-in authors and admins get through, and an upload id is usable only by its creator.
 * tus then stores the bytes in UPLOADS_DIR; when the last byte arrives, the content is sniffed,
 * and a file that is what it claimed to be moves into the content-addressed media store.
 */

export const TUS_PATH = "/uploads/tus";

export type UploadServiceOptions = {
  /** Where unfinished uploads are kept; default UPLOADS_DIR. */
  uploadsDir?: string;
  /** Unfinished uploads older than this are deleted by `cleanUp`. */
  expiryMs?: number;
  quotaBytes?: number;
  /** Who may write to an upload now; default a DatabaseLocker, shared by every server process. */
  locker?: DatabaseLocker;
};

type TusError = { status_code: number; body: string };

function tusError(status_code: number, body: string): TusError {
  return { status_code, body };
}

/** Reads the first bytes of a file and says what they are (file-type, or our WebVTT check). */
export async function sniffFile(file: string): Promise<{ sniffed: Sniffed; bytesRead: number }> {
  const handle = await fs.open(file, "r");
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    return { sniffed: await sniffBytes(head), bytesRead };
  } finally {
    await handle.close();
  }
}

export async function sniffBytes(head: Uint8Array): Promise<Sniffed> {
  if (looksLikeWebVtt(head)) return { mime: "text/vtt" };
  const found = await fileTypeFromBuffer(head);
  if (!found) return undefined;
  // An .m4v file is an MP4 with Apple's brand.
  return { mime: found.mime === "video/x-m4v" ? "video/mp4" : found.mime };
}

/** The Node request behind tus's web-style request (tus runs on srvx). */
function nodeRequestOf(req: unknown): IncomingMessage | undefined {
  return (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
}

function refuse(req: ExpressRequest, res: Response, status: number, message: string) {
  // The body of a refused PATCH or POST is never read: close the connection instead.
  if (req.method === "PATCH" || req.method === "POST") res.set("Connection", "close");
  res.status(status).set("Tus-Resumable", "1.0.0").type("text/plain").send(message);
}

export function createUploadService(options: UploadServiceOptions = {}) {
  const uploadsDir = path.resolve(options.uploadsDir ?? getEnv().UPLOADS_DIR);
  const expiryMs = options.expiryMs ?? UPLOAD_EXPIRY_MS;
  const quotaBytes = options.quotaBytes ?? AUTHOR_QUOTA_BYTES;
  const store = new FileStore({ directory: uploadsDir, expirationPeriodInMilliseconds: expiryMs });
  const users = new WeakMap<IncomingMessage, CurrentUser>();

  const fileOf = (id: string) => path.join(uploadsDir, id);

  /** Deletes an upload's bytes, its tus record and its row. */
  async function discard(id: string) {
    try {
      await store.remove(id);
    } catch {
      await fs.rm(fileOf(id), { force: true });
      await fs.rm(`${fileOf(id)}.json`, { force: true });
    }
    await forgetPendingUpload(id);
  }

  async function checkUploadedContent(pending: { kind: string; declaredMime: string; originalName: string }, file: string) {
    const { sniffed, bytesRead } = await sniffFile(file);
    const verdict: ContentCheck = checkContent(
      { kind: pending.kind as MediaKind, mime: pending.declaredMime, name: pending.originalName },
      sniffed,
    );
    return { verdict, bytesRead };
  }

  const tus = new Server({
    path: TUS_PATH,
    datastore: store,
    // Not tus's default MemoryLocker: an upload may go on through another server process.
    locker: options.locker ?? new DatabaseLocker(),
    relativeLocation: true,
    // A hard ceiling for any request; each kind's own limit is checked when the upload is created.
    maxSize: Math.max(...Object.values(MAX_BYTES)),
    // Same origin only: no CORS headers for anybody else.
    allowedOrigins: () => false,
    onResponseError(_req, error) {
      if ("status_code" in error && error.status_code === 413 && /maximum size/i.test(error.body)) {
        return tusError(413, `This file is too large: a video can be at most ${formatBytes(MAX_BYTES.video)}.`);
      }
      return undefined;
    },
    async onUploadCreate(req, upload) {
      const user = users.get(nodeRequestOf(req)!);
      if (!user) throw tusError(401, "Sign in as a course author to upload media.");
      const metadata = upload.metadata ?? {};
      const name = (metadata.filename ?? "").trim().slice(0, 200);
      if (!name) throw tusError(400, "The upload must give the file's name (Upload-Metadata filename).");
      const declared = checkDeclared({ name, mime: metadata.filetype ?? "", size: upload.sizeIsDeferred ? undefined : upload.size });
      if (!declared.ok) throw tusError(declared.status, declared.message);
      let captionsForId: string | null = null;
      if (declared.type.kind === "captions") {
        const videoId = metadata.captionsFor ?? "";
        const video = videoId ? await findOwnedVideo(user.id, videoId) : null;
        if (!video) throw tusError(400, "Captions must be attached to one of your videos: choose the video they belong to.");
        captionsForId = video.id;
      }
      const started = await startPendingUpload(
        {
          id: upload.id,
          ownerId: user.id,
          kind: declared.type.kind,
          declaredMime: declared.type.mime,
          originalName: name,
          bytes: upload.size!,
          captionsForId,
        },
        quotaBytes,
      );
      if (!started.ok) throw tusError(413, started.message);
      return {};
    },
    async onUploadFinish(_req, upload) {
      const pending = await getPendingUpload(upload.id);
      if (!pending) throw tusError(404, "This upload no longer exists. Start it again.");
      const file = fileOf(upload.id);
      const { verdict } = await checkUploadedContent(pending, file);
      if (!verdict.ok) {
        await discard(upload.id);
        throw tusError(415, verdict.message);
      }
      if (pending.captionsForId && !(await findOwnedVideo(pending.ownerId, pending.captionsForId))) {
        await discard(upload.id);
        throw tusError(400, "The video these captions belong to has been deleted.");
      }
      const stored = await moveFileIntoMediaStore(file, extensionForMime(verdict.mime));
      await fs.rm(`${file}.json`, { force: true });
      const asset = await recordMediaAsset(upload.id, {
        ownerId: pending.ownerId,
        kind: pending.kind as MediaKind,
        mime: verdict.mime,
        bytes: stored.bytes,
        sha256: stored.sha256,
        fileName: stored.fileName,
        originalName: pending.originalName,
        captionsForId: pending.captionsForId,
      });
      return { headers: { "Pathways-Media-Id": asset.id, "Pathways-Media-Url": stored.url } };
    },
  });

  /** Who is asking, before tus sees the request: authors and admins only. */
  async function authenticate(req: ExpressRequest, res: Response, next: NextFunction) {
    try {
      if (req.method === "OPTIONS") return next();
      const request = new Request(`http://localhost${req.originalUrl}`, { headers: { cookie: req.get("cookie") ?? "" } });
      const user = await getCurrentUser(request);
      if (!user) return refuse(req, res, 401, "Sign in as a course author to upload media.");
      if (!hasRole(user, "author", "admin")) {
        return refuse(req, res, 403, "Only course authors can upload media. Ask an administrator to make you an author.");
      }
      users.set(req, user);
      next();
    } catch (error) {
      next(error);
    }
  }

  /** An upload id is usable only by the account that created it. */
  async function requireOwnUpload(req: ExpressRequest, res: Response, next: NextFunction) {
    try {
      if (req.method === "OPTIONS") return next();
      const user = users.get(req)!;
      const id = req.params.id ?? "";
      const pending = await getPendingUpload(id);
      if (!pending) return refuse(req, res, 404, "This upload does not exist or has expired. Start it again.");
      if (pending.ownerId !== user.id) return refuse(req, res, 403, "This upload belongs to another account.");
      if (req.method === "PATCH" && !pending.contentChecked) {
        // Once the first bytes are in, check them: a disguised file stops here, not at the end.
        const { verdict, bytesRead } = await checkUploadedContent(pending, fileOf(id)).catch(() => ({ verdict: null, bytesRead: 0 }));
        if (verdict && bytesRead >= Math.min(SNIFF_BYTES, pending.bytes)) {
          if (!verdict.ok) {
            await discard(id);
            return refuse(req, res, 415, verdict.message);
          }
          await markContentChecked(id);
        }
      }
      next();
    } catch (error) {
      next(error);
    }
  }

  function handle(req: ExpressRequest, res: Response, next: NextFunction) {
    tus.handle(req, res).catch(next);
  }

  async function refuseCreationWithoutLength(req: ExpressRequest, res: Response, next: NextFunction) {
    if (req.method === "POST" && req.get("upload-length") === undefined) {
      return refuse(req, res, 400, "The upload must say how big the file is (Upload-Length); deferred lengths are not accepted.");
    }
    if (req.method === "POST" && req.get("upload-concat") !== undefined) {
      return refuse(req, res, 400, "Concatenated uploads are not accepted.");
    }
    next();
  }

  const router = express.Router();
  router.all(TUS_PATH, authenticate, refuseCreationWithoutLength, handle);
  router.all(`${TUS_PATH}/:id`, authenticate, requireOwnUpload, handle);

  /** Deletes unfinished uploads older than the expiry (their bytes, tus records and rows). */
  async function cleanUp(now = Date.now()): Promise<number> {
    const expired = await listExpiredPendingUploads(new Date(now - expiryMs));
    for (const { id } of expired) await discard(id);
    // Bytes without a row (e.g. the row went with a deleted account): tus's own expiry.
    const orphans = await store.deleteExpired();
    await deleteStaleUploadLocks(new Date(now - expiryMs));
    return expired.length + orphans;
  }

  // The servers run `cleanUp` hourly as a recurring job, once across all of them (docs/decisions/0053).
  return { router, cleanUp, uploadsDir, store };
}
