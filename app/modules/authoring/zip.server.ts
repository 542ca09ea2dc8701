/**
 * Export and import of modules as zips in the courses/ folder format (ADR 0011): a folder named
 * after the module id holding module.yaml and the activity Markdown files. Export → import →
 * export gives the same files, byte for byte.
 */
import path from "node:path";
import JSZip from "jszip";
import { isMap } from "yaml";
import { parseAuthorYaml } from "~/modules/catalog/author-yaml.ts";
import { ID_PATTERN } from "~/modules/catalog/course-format.ts";
import { AppError } from "~/utils/errors.ts";
import { MODULE_FILE, parseFiles, ZIP_LIMITS, type DraftContent, type DraftFile } from "./draft-content.ts";

export { ZIP_LIMITS };
import { splitFrontMatter } from "~/modules/catalog/yaml-locations.ts";
import { MAX_BYTES } from "~/modules/uploads/policy.ts";
import {
  checkImportedMedia,
  forgetImportedMedia,
  parseMedia,
  readMediaFile,
  resolveDraftMedia,
  storeImportedMedia,
  type DraftMediaEntry,
  type ImportedMediaFile,
} from "./draft-media.server.ts";
import { createDraftFromContent, moduleIdProblem } from "./drafts.server.ts";
import { requireDraft, type Actor } from "./draft-access.server.ts";

/** Zip entries carry this date so the same content always gives the same zip. */
const FIXED_DATE = new Date("2026-01-01T00:00:00Z");

/** The working draft, or (`which: "published"`) the content as last approved and published. */
export async function exportDraftZip(
  actor: Actor,
  draftId: string,
  which: "draft" | "published" = "draft",
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const draft = await requireDraft(actor, draftId);
  if (which === "published") {
    // The media as approved (drafts published before media were recorded: the current list).
    const media = await readDraftMediaFiles(draft.publishedMedia === null ? draft.media : parseMedia(draft.publishedMedia));
    if (draft.publishedYaml === null || draft.publishedFiles === null) {
      throw new AppError("not-found", "This module has not been published yet: export the draft instead.");
    }
    const content = { moduleYaml: draft.publishedYaml, files: parseFiles(draft.publishedFiles) };
    return { fileName: `${draft.moduleId}-published.zip`, bytes: await contentToZip(draft.moduleId, content, media) };
  }
  const media = await readDraftMediaFiles(draft.media);
  return {
    fileName: `${draft.moduleId}.zip`,
    bytes: await contentToZip(draft.moduleId, { moduleYaml: draft.moduleYaml, files: draft.files }, media),
  };
}

/** The attached media files' bytes from the media store (entries whose upload is gone are left out). */
async function readDraftMediaFiles(entries: DraftMediaEntry[]): Promise<ImportedMediaFile[]> {
  const resolved = await resolveDraftMedia(entries);
  const files: ImportedMediaFile[] = [];
  for (const [rel, file] of resolved) files.push({ path: rel, bytes: await readMediaFile(file.fileName) });
  return files;
}

export async function contentToZip(folder: string, content: DraftContent, media: readonly ImportedMediaFile[] = []): Promise<Uint8Array> {
  const zip = new JSZip();
  const options = { date: FIXED_DATE, createFolders: false };
  // zip.folder() would date the folder entry "now", so the same content could give different bytes.
  zip.file(`${folder}/`, null, { ...options, dir: true });
  const dir = { file: (rel: string, data: string | Uint8Array, o: typeof options) => zip.file(`${folder}/${rel}`, data, o) };
  dir.file(MODULE_FILE, content.moduleYaml, options);
  const entries: { path: string; data: string | Uint8Array }[] = [
    ...content.files.map((f) => ({ path: f.path, data: f.text })),
    ...media.map((m) => ({ path: m.path, data: m.bytes })),
  ];
  for (const entry of entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) dir.file(entry.path, entry.data, options);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", platform: "UNIX" });
}

class ImportError extends Error {}

/** Why a path inside the zip is refused, or undefined if it is a plain relative path. */
function unsafePath(name: string): string | undefined {
  if (name.includes("\\") || name.includes("\0")) return "uses backslashes or control characters";
  if (name.startsWith("/") || /^[a-zA-Z]:/.test(name)) return "is an absolute path";
  const segments = name.split("/");
  if (segments.some((s) => s === ".." || s === ".")) return "points outside the module folder";
  if (segments.some((s) => s === "")) return "has an empty folder name";
  if (path.posix.normalize(name) !== name) return "is not a plain path";
  return undefined;
}

/** Reads an entry, counting bytes as they are inflated, and stops at the limits. */
function readEntry(entry: JSZip.JSZipObject, budget: { remaining: number }, maxBytes = ZIP_LIMITS.maxFileBytes): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    // internalStream is JSZip's streaming reader; the typings do not list it.
    const stream = (entry as unknown as { internalStream(type: "uint8array"): StreamHelper }).internalStream("uint8array");
    stream
      .on("data", (chunk: Uint8Array) => {
        size += chunk.length;
        budget.remaining -= chunk.length;
        if (size > maxBytes) {
          stream.pause();
          reject(new ImportError(`"${entry.name}" is larger than ${(maxBytes / 1024 / 1024).toFixed(0)} MB once unpacked.`));
          return;
        }
        if (budget.remaining < 0) {
          stream.pause();
          reject(
            new ImportError(`The zip unpacks to more than ${ZIP_LIMITS.maxTotalBytes / 1024 / 1024} MB. A module's text is far smaller.`),
          );
          return;
        }
        chunks.push(chunk);
      })
      .on("error", (error: Error) => reject(new ImportError(`"${entry.name}" could not be unpacked (${error.message}).`)))
      .on("end", () => resolve(Buffer.concat(chunks)))
      .resume();
  });
}

type StreamHelper = {
  on(event: "data", fn: (chunk: Uint8Array) => void): StreamHelper;
  on(event: "error", fn: (error: Error) => void): StreamHelper;
  on(event: "end", fn: () => void): StreamHelper;
  resume(): StreamHelper;
  pause(): StreamHelper;
};

/** Unpacks a module zip into draft content, refusing anything unsafe or unexpected. */
export async function zipToContent(bytes: Uint8Array): Promise<{ folder?: string; content: DraftContent; media: ImportedMediaFile[] }> {
  if (bytes.length > ZIP_LIMITS.maxZipBytes) throw new ImportError(`The zip is larger than ${ZIP_LIMITS.maxZipBytes / 1024 / 1024} MB.`);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { createFolders: false });
  } catch {
    throw new ImportError("This file is not a zip that can be read. Export the module again and upload the .zip file.");
  }
  const entries = Object.values(zip.files).filter((e) => !e.dir);
  if (entries.length > ZIP_LIMITS.maxEntries) throw new ImportError(`The zip has more than ${ZIP_LIMITS.maxEntries} files.`);
  // JSZip quietly resolves "../x" to "x"; the name as stored in the zip is what must be judged.
  for (const entry of entries) {
    const original = (entry as { unsafeOriginalName?: string }).unsafeOriginalName ?? entry.name;
    const problem = unsafePath(original);
    if (problem) throw new ImportError(`The zip contains "${original}", which ${problem}. Refused.`);
  }
  const names = entries.map((e) => e.name).filter((n) => !n.startsWith("__MACOSX/") && !n.split("/").some((s) => s.startsWith(".")));
  for (const name of names) {
    const problem = unsafePath(name);
    if (problem) throw new ImportError(`The zip contains "${name}", which ${problem}. Refused.`);
  }
  // A module folder at the top of the zip ("my-module/module.yaml") or the files themselves.
  let prefix = "";
  if (!names.includes(MODULE_FILE)) {
    const top = names.find((n) => n.split("/").length === 2 && n.endsWith(`/${MODULE_FILE}`));
    if (!top) throw new ImportError("The zip has no module.yaml (at the top, or inside one module folder).");
    prefix = top.slice(0, -MODULE_FILE.length);
    const outside = names.find((n) => !n.startsWith(prefix));
    if (outside) throw new ImportError(`The zip holds "${outside}" outside the module folder "${prefix}". Zip one module at a time.`);
  }
  const budget = { remaining: ZIP_LIMITS.maxTotalBytes };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let moduleYaml: string | undefined;
  const files: DraftFile[] = [];
  const media: ImportedMediaFile[] = [];
  for (const name of names.sort()) {
    const rel = name.slice(prefix.length);
    if (rel.startsWith("media/")) {
      // Checked by content (the upload policy) when imported; here only unpacked within the limits.
      const limit = Math.min(ZIP_LIMITS.maxTotalBytes, Math.max(...Object.values(MAX_BYTES)));
      media.push({ path: rel, bytes: await readEntry(zip.files[name]!, budget, limit) });
      continue;
    }
    if (rel !== MODULE_FILE && !rel.toLowerCase().endsWith(".md")) {
      throw new ImportError(
        `"${rel}" is not module.yaml, a Markdown file or a file under media/. Remove it from the zip (media files belong under media/).`,
      );
    }
    let text: string;
    try {
      text = decoder.decode(await readEntry(zip.files[name]!, budget));
    } catch (error) {
      if (error instanceof ImportError) throw error;
      throw new ImportError(`"${rel}" is not UTF-8 text.`);
    }
    if (rel === MODULE_FILE) moduleYaml = text;
    else files.push({ path: rel, text });
  }
  if (moduleYaml === undefined) throw new ImportError("The zip has no module.yaml.");
  return { folder: prefix ? prefix.slice(0, -1) : undefined, content: { moduleYaml, files }, media };
}

/**
 * Imports a zip as a new draft owned by the actor; `moduleId` imports it under another id (a copy).
 * A zip that cannot be imported is a 400 saying why.
 */
export async function importDraftZip(actor: Actor, bytes: Uint8Array, moduleId?: string): Promise<{ draftId: string; moduleId: string }> {
  let unpacked;
  try {
    unpacked = await zipToContent(bytes);
  } catch (error) {
    if (error instanceof ImportError) throw new AppError("bad-request", error.message);
    throw error;
  }
  const { content } = unpacked;
  const checkedMedia = [];
  for (const file of unpacked.media) {
    const checked = await checkImportedMedia(file);
    if (!checked.ok) throw new AppError("bad-request", checked.message);
    checkedMedia.push({ ...file, kind: checked.kind, mime: checked.mime });
  }
  const doc = parseAuthorYaml(content.moduleYaml);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new AppError(
      "bad-request",
      "module.yaml in the zip cannot be read as YAML. Fix it (npm run courses:check shows where) and try again.",
    );
  }
  const declared: unknown = doc.get("id");
  let id = typeof declared === "string" ? declared : "";
  if (moduleId && moduleId !== id) {
    if (!ID_PATTERN.test(moduleId)) throw new AppError("bad-request", `"${moduleId}" is not a valid module id.`);
    doc.set("id", moduleId);
    content.moduleYaml = doc.toString({ lineWidth: 0 });
    id = moduleId;
  }
  if (!id) throw new AppError("bad-request", "module.yaml in the zip has no id. Add one (e.g. id: my-module) and try again.");
  const problem = await moduleIdProblem(id);
  if (problem) throw new AppError("bad-request", `${problem} (Give a new id to import it as a copy.)`);
  const stored = await storeImportedMedia(actor.id, checkedMedia, captionsByVideo(content));
  if (!stored.ok) throw new AppError("bad-request", stored.message);
  try {
    return await createDraftFromContent(actor, id, content, stored.media);
  } catch (error) {
    // Another import took the id in the meantime: the media just stored belong to no draft.
    await forgetImportedMedia(actor.id, stored.media);
    throw error;
  }
}

/** Captions path → video path, from the video activities' front matter (so imported captions belong to their video). */
function captionsByVideo(content: DraftContent): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const file of content.files) {
    const split = splitFrontMatter(file.text);
    if ("error" in split) continue;
    const doc = parseAuthorYaml(split.frontMatter);
    const src: unknown = doc.get("src");
    const captions: unknown = doc.get("captions");
    if (doc.get("type") === "video" && typeof src === "string" && typeof captions === "string") {
      pairs.set(path.posix.normalize(captions), path.posix.normalize(src));
    }
  }
  return pairs;
}
