import crypto from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { getEnv } from "~/utils/env.server.ts";

/**
 * The content-addressed media store: every file is named `<sha256>.<ext>` under MEDIA_DIR and served
 * at /media, so a name never changes meaning and can be cached for ever. Used by publishing (module
 * files) and by uploads (docs/decisions/0012-resumable-media-uploads.md).
 */

export type StoredMedia = { fileName: string; url: string; sha256: string; bytes: number };

function mediaDir(): string {
  return getEnv().MEDIA_DIR;
}

export function mediaUrl(fileName: string): string {
  return `/media/${fileName}`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** Stores bytes held in memory (a module file); `extension` like ".png". */
export async function storeMediaBytes(bytes: Uint8Array, extension: string): Promise<StoredMedia> {
  const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
  const fileName = `${sha256}${extension.toLowerCase()}`;
  const dir = mediaDir();
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, fileName);
  if (!(await exists(target))) {
    const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, target); // never a half-written file under the final name
  }
  return { fileName, url: mediaUrl(fileName), sha256, bytes: bytes.byteLength };
}

/**
 * Moves a file on disk (a finished upload, possibly hundreds of megabytes) into the store without
 * reading it into memory: hashed as a stream, then renamed (or copied across file systems).
 * The source is gone afterwards either way.
 */
export async function moveFileIntoMediaStore(source: string, extension: string): Promise<StoredMedia> {
  const hash = crypto.createHash("sha256");
  await pipeline(createReadStream(source), hash);
  const sha256 = hash.digest("hex");
  const { size } = await fs.stat(source);
  const fileName = `${sha256}${extension.toLowerCase()}`;
  const dir = mediaDir();
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, fileName);
  if (await exists(target)) {
    await fs.rm(source, { force: true }); // the same bytes are already stored
  } else {
    const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
      await fs.rename(source, temp);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
      await fs.copyFile(source, temp);
      await fs.rm(source, { force: true });
    }
    await fs.rename(temp, target);
  }
  return { fileName, url: mediaUrl(fileName), sha256, bytes: size };
}
