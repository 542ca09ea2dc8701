/**
 * The course-module file format: zod schemas and TypeScript types.
 *
 * A module is a folder under `courses/` holding `module.yaml` plus one Markdown
 * file per activity (YAML front matter + body). This file describes what those
 * files may contain. It is pure: no file-system access. The loader
 * (`load-course.server.ts`) reads the files, runs these schemas, and adds the
 * checks that need the file system (referenced files exist, captions are WebVTT…).
 *
 * Every error message says what is wrong AND what to change, because the people
 * reading them are course authors, not developers. Schema-specific messages are
 * attached to the schemas; everything else goes through `courseErrorMap`, which
 * the `parse*` helpers below pass to zod.
 *
 * The format is documented for authors in `courses/README.md`; keep the two in step.
 *
 * This file holds the building blocks every part shares (ids, text, strict objects, paths, dates)
 * and the error map; the parts are in course-format/ (split along the old section banners, issue 13):
 * module-file.ts (module.yaml), activities.ts (reading, video, quiz, reflection, code), blocks.ts
 * (block exercises) and activity-types.ts (the union of all types and their rules).
 */
import { z } from "zod";

// ---------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------

/** Stable ids and slugs: lower-case kebab-case, e.g. `spotting-bias-2`. */
export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const ID_MAX_LENGTH = 80;

/** Turns arbitrary text into a suggestion that matches ID_PATTERN. */
export function suggestId(input: string): string {
  const slug = input
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, ID_MAX_LENGTH)
    .replace(/-+$/, "");
  return slug || "my-id";
}

const idRules = "lower-case letters a-z, digits and single hyphens between words";

/** A stable identifier (module id, activity id, question id…) or a topic slug. */
export const stableIdSchema = z
  .string()
  .max(ID_MAX_LENGTH, {
    error: `Too long: ids may be at most ${ID_MAX_LENGTH} characters. Shorten it.`,
  })
  .regex(ID_PATTERN, {
    error: (issue) => {
      const input = typeof issue.input === "string" ? issue.input : "";
      return `"${input}" is not a valid id: use only ${idRules} (no spaces, capitals, underscores or leading/trailing hyphens), e.g. "${suggestId(input)}".`;
    },
  });

/** A string that must contain something other than whitespace. */
export function text() {
  return z.string().refine((value) => value.trim().length > 0, {
    error: "This is blank. Write some text, or remove the field if it is optional.",
  });
}

/** Text with a length range, in characters. */
export function sizedText(min: number, max: number) {
  return text()
    .min(min, {
      error: (issue) => `Too short: must be ${min}-${max} characters (currently ${lengthOf(issue.input)}). Write a little more.`,
    })
    .max(max, {
      error: (issue) => `Too long: must be ${min}-${max} characters (currently ${lengthOf(issue.input)}). Shorten it.`,
    });
}

function lengthOf(input: unknown): number {
  return typeof input === "string" ? input.length : 0;
}

/** Levenshtein distance, for "did you mean …?" hints on misspelt field names. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const left = row[j - 1] ?? 0;
      row[j] = Math.min(above + 1, left + 1, diagonal + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The candidate closest to `word` if it is a near miss (typo), else undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3; // only suggest near misses
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * An object that rejects unknown fields, so typos such as `pasMark` are caught
 * instead of silently ignored. The message lists the allowed fields.
 */
export function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const keys = issue.keys;
      const hint = keys.length === 1 && keys[0] !== undefined ? closest(keys[0], allowed) : undefined;
      return (
        `Unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}. ` +
        (hint ? `Did you mean "${hint}"? ` : "Remove it or fix the spelling. ") +
        `Allowed fields here: ${allowed.join(", ")}.`
      );
    },
  });
}

/**
 * Adds an "each value appears once" check to a list. Runs even when some items
 * are invalid (so all problems are reported together) and therefore inspects
 * the raw input defensively.
 */
export function uniqueItems<T extends z.ZodType<unknown[]>>(schema: T, options: { key?: string; what: string }) {
  return schema.superRefine(
    (items: unknown, ctx) => {
      if (!Array.isArray(items)) return;
      const seen = new Map<string, number>();
      items.forEach((item: unknown, index) => {
        const value = options.key === undefined ? item : isRecord(item) ? item[options.key] : undefined;
        if (typeof value !== "string") return;
        const first = seen.get(value);
        if (first === undefined) {
          seen.set(value, index);
          return;
        }
        ctx.addIssue({
          code: "custom",
          path: options.key === undefined ? [index] : [index, options.key],
          message: `Duplicate ${options.what} "${value}" (already used by item ${first + 1} of this list). Each ${options.what} must appear once: change or remove this one.`,
        });
      });
    },
    { when: (payload) => Array.isArray(payload.value) },
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A calendar date, normalised to "YYYY-MM-DD". YAML parsers may turn an unquoted
 * `2025-09-01` into a Date object (YAML 1.1) or leave it as a string (YAML 1.2);
 * both are accepted.
 */
export const isoDateSchema = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string({
      error: (issue) => (issue.input === undefined ? undefined : invalidDate(issue.input)),
    })
    .refine(isCalendarDate, {
      error: (issue) => invalidDate(issue.input),
    }),
);

function invalidDate(input: unknown): string {
  return `${JSON.stringify(input)} is not a valid date. Write it as YYYY-MM-DD, e.g. 2025-09-01 (and check the day exists in that month).`;
}

/**
 * A path to a file inside the module folder, written relative to it with
 * forward slashes (e.g. `media/intro.mp4`). Pure check; existence is checked by
 * the loader.
 */
export function relativePathProblem(value: string, extensions: readonly string[]): string | undefined {
  const list = extensions.join(" or ");
  if (value.trim() === "") return `The path is empty. Give a path relative to the module folder ending in ${list}.`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    return `"${value}" looks like a URL or drive letter. Put the file inside the module folder and give its relative path (e.g. media/file${extensions[0] ?? ""}).`;
  }
  if (value.startsWith("/")) return `"${value}" is an absolute path. Write it relative to the module folder, without the leading "/".`;
  if (value.includes("\\")) return `"${value}" contains a backslash. Use forward slashes: ${value.replace(/\\/g, "/")}.`;
  const segments = value.split("/");
  if (segments.includes("..")) return `"${value}" points outside the module folder (".."). Files must live inside the module folder.`;
  if (segments.some((s) => s === "" || s === ".")) {
    return `"${value}" has an empty or "." path segment. Write it plainly, e.g. ${segments.filter((s) => s !== "" && s !== ".").join("/")}.`;
  }
  if (!extensions.some((ext) => value.toLowerCase().endsWith(ext))) return `"${value}" must be a ${list} file. Check the file name.`;
  return undefined;
}

export function relativePath(extensions: readonly string[]) {
  return z.string().superRefine((value, ctx) => {
    const problem = relativePathProblem(value, extensions);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

export function unknownDiscriminator(field: string, input: unknown, known: readonly string[]): string {
  const value = isRecord(input) ? input[field] : undefined;
  const list = known.join(", ");
  if (value === undefined || value === null) return `Missing "${field}". Add ${field}: with one of: ${list}.`;
  const hint = typeof value === "string" ? closest(value, known) : undefined;
  return `Unknown ${field} ${JSON.stringify(value)}.${hint ? ` Did you mean "${hint}"?` : ""} Use one of: ${list}.`;
}

// ---------------------------------------------------------------------------
// Friendly messages for zod's generic issues
// ---------------------------------------------------------------------------

function describeValue(value: unknown): string {
  if (value === null) return "nothing (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  if (typeof value === "object") return "a group of fields";
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

const expectedNames: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: 'a list (lines starting with "- ")',
  object: "a group of indented fields",
};

/**
 * zod error map used when parsing course files. Schema-level messages above take
 * precedence; this covers the rest (missing fields, wrong types, enums…).
 */
export const courseErrorMap: z.core.$ZodErrorMap = (issue) => {
  const field = issue.path?.at(-1);
  const name = typeof field === "string" ? `"${field}"` : "This item";
  switch (issue.code) {
    case "invalid_type": {
      const expected = expectedNames[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `Missing required field ${name}. Add it (${expected}).`;
      if (issue.input === null) return `${name} is empty. Give it a value (${expected}) or remove the line if it is optional.`;
      const quotedHint = issue.expected === "number" && typeof issue.input === "string" ? " Remove the quotes around the number." : "";
      return `${name} should be ${expected}, but is ${describeValue(issue.input)}.${quotedHint}`;
    }
    case "invalid_value":
      return `${JSON.stringify(issue.input)} is not allowed here. Use one of: ${issue.values.map(String).join(", ")}.`;
    case "too_small":
      if (issue.origin === "array") return `The list needs at least ${String(issue.minimum)} item(s). Add more.`;
      if (issue.origin === "string") return `Too short: at least ${String(issue.minimum)} characters. Write more.`;
      return `Too small: must be at least ${String(issue.minimum)}.`;
    case "too_big":
      if (issue.origin === "array") return `The list may have at most ${String(issue.maximum)} item(s). Remove some.`;
      if (issue.origin === "string") return `Too long: at most ${String(issue.maximum)} characters. Shorten it.`;
      return `Too big: must be at most ${String(issue.maximum)}.`;
    default:
      return undefined;
  }
};
