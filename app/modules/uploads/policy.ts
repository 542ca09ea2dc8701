/**
 * What authors may upload (docs/decisions/0012-resumable-media-uploads.md). Pure rules, no I/O:
 * which kinds exist, their size limits, the per-author quota, and whether a file's content matches
 * what it claimed to be. The type is always decided by the bytes; the name and the declared type
 * only say what the author meant, and a file whose content disagrees is refused.
 */

export const MEDIA_KINDS = ["video", "image", "document", "captions"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

const MB = 1024 * 1024;

/** The largest file of each kind (checked against Upload-Length when the upload is created). */
export const MAX_BYTES: Record<MediaKind, number> = {
  video: 500 * MB,
  image: 10 * MB,
  document: 25 * MB,
  captions: 1 * MB,
};

/** Everything an author has stored plus everything they are still uploading. */
export const AUTHOR_QUOTA_BYTES = 2 * 1024 * MB;

/** Unfinished uploads are deleted this long after they were started. */
export const UPLOAD_EXPIRY_MS = 24 * 60 * 60 * 1000;

/** Enough of the start of a file for file-type to recognise every type below. */
export const SNIFF_BYTES = 4100;

type AllowedType = { kind: MediaKind; mime: string; extensions: string[]; label: string };

/** Every type accepted, by content. */
export const ALLOWED_TYPES: AllowedType[] = [
  { kind: "video", mime: "video/mp4", extensions: [".mp4", ".m4v"], label: "MP4 video" },
  { kind: "video", mime: "video/webm", extensions: [".webm"], label: "WebM video" },
  { kind: "image", mime: "image/png", extensions: [".png"], label: "PNG image" },
  { kind: "image", mime: "image/jpeg", extensions: [".jpg", ".jpeg"], label: "JPEG image" },
  { kind: "image", mime: "image/webp", extensions: [".webp"], label: "WebP image" },
  { kind: "image", mime: "image/gif", extensions: [".gif"], label: "GIF image" },
  { kind: "document", mime: "application/pdf", extensions: [".pdf"], label: "PDF document" },
  { kind: "captions", mime: "text/vtt", extensions: [".vtt"], label: "WebVTT captions" },
];

/** For the file picker's `accept` attribute. */
export const ACCEPT_ATTRIBUTE = ALLOWED_TYPES.flatMap((t) => [t.mime, ...t.extensions]).join(",");

export const ALLOWED_LIST = "MP4 or WebM videos, PNG, JPEG, WebP or GIF images, PDF documents and WebVTT (.vtt) captions";

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(1)} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

export type Declared = { name: string; mime: string; size: number | undefined };
export type DeclaredCheck = { ok: true; type: AllowedType } | { ok: false; status: number; message: string };

/**
 * What the file claims to be, from its name (and its declared type, which must not contradict the
 * name), checked before any byte is stored.
 */
export function checkDeclared({ name, mime, size }: Declared): DeclaredCheck {
  const extension = extensionOf(name);
  const byName = ALLOWED_TYPES.find((t) => t.extensions.includes(extension));
  if (!byName) {
    return { ok: false, status: 415, message: `“${name}” is not a type you can upload. Upload ${ALLOWED_LIST}.` };
  }
  const declared = mime.toLowerCase().split(";")[0]!.trim();
  if (declared && declared !== "application/octet-stream" && declared !== byName.mime) {
    return { ok: false, status: 415, message: `“${name}” is named as a ${byName.label} but declared as ${declared}.` };
  }
  if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
    return { ok: false, status: 400, message: "The upload must say how big the file is (Upload-Length)." };
  }
  if (size === 0) return { ok: false, status: 400, message: `“${name}” is empty.` };
  const limit = MAX_BYTES[byName.kind];
  if (size > limit) {
    return {
      ok: false,
      status: 413,
      message: `“${name}” is ${formatBytes(size)}; a ${byName.kind} can be at most ${formatBytes(limit)}.`,
    };
  }
  return { ok: true, type: byName };
}

/** Whether `size` more bytes fit in the author's quota, given what they already use. */
export function checkQuota(usedBytes: number, size: number, quota = AUTHOR_QUOTA_BYTES): { ok: true } | { ok: false; message: string } {
  if (usedBytes + size <= quota) return { ok: true };
  const left = Math.max(0, quota - usedBytes);
  return {
    ok: false,
    message:
      `This upload (${formatBytes(size)}) would take you over your ${formatBytes(quota)} storage limit: ` +
      `you have ${formatBytes(left)} left. Ask an administrator if you need more space.`,
  };
}

/** A type recognised from a file's first bytes (file-type's answer, or our WebVTT check). */
export type Sniffed = { mime: string } | undefined;

/** WebVTT has no magic number file-type always sees; the standard says a file starts with "WEBVTT". */
export function looksLikeWebVtt(head: Uint8Array): boolean {
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3; // UTF-8 byte order mark
  const text = new TextDecoder().decode(head.subarray(start, start + 7));
  return text.startsWith("WEBVTT") && (text.length === 6 || [" ", "\t", "\n", "\r"].includes(text[6]!));
}

export type ContentCheck = { ok: true; mime: string } | { ok: false; message: string };

/** Whether the bytes (their recognised type) are what the file said it was. */
export function checkContent(expected: { kind: MediaKind; mime: string; name: string }, sniffed: Sniffed): ContentCheck {
  const type = ALLOWED_TYPES.find((t) => t.mime === expected.mime);
  const label = type?.label ?? expected.kind;
  if (!sniffed) {
    return {
      ok: false,
      message: `“${expected.name}” does not contain a ${label}: its content is not a type you can upload. It has been deleted.`,
    };
  }
  if (sniffed.mime !== expected.mime) {
    const actual = ALLOWED_TYPES.find((t) => t.mime === sniffed.mime)?.label ?? sniffed.mime;
    return { ok: false, message: `“${expected.name}” is named as a ${label} but its content is ${actual}. It has been deleted.` };
  }
  return { ok: true, mime: sniffed.mime };
}

export function extensionForMime(mime: string): string {
  return ALLOWED_TYPES.find((t) => t.mime === mime)?.extensions[0] ?? "";
}
