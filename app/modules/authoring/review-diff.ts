/**
 * What changed in a draft since its last published version, file by file, for the reviewer
 * (ADR 0011, addendum on reviews). Pure: the draft's text files and media list in, a list of file
 * changes with line hunks out. Line diffs come from jsdiff (`diff`), bounded so that a huge or
 * wholly rewritten file cannot hold the server: past the limits a file is listed as changed without
 * its lines.
 */
import { structuredPatch } from "diff";
import type { DraftContent } from "./draft-content.ts";

export type DiffLine = { kind: "added" | "removed" | "same"; text: string; oldLine?: number; newLine?: number };
export type DiffHunk = { oldStart: number; newStart: number; lines: DiffLine[] };
export type FileChange = {
  path: string;
  change: "added" | "removed" | "changed";
  added: number;
  removed: number;
  /** Empty when the diff was too large to show line by line (`tooLarge`). */
  hunks: DiffHunk[];
  tooLarge?: true;
};
export type MediaChange = { path: string; change: "added" | "removed" | "replaced" };

/** Limits per review page: lines shown per file, edit distance searched per file, and time over all files. */
export const DIFF_LIMITS = { maxEditLength: 5_000, timeoutMs: 250, totalMs: 1_500, contextLines: 3 };

const MODULE_FILE = "module.yaml";

function filesOf(content: DraftContent): Map<string, string> {
  return new Map([[MODULE_FILE, content.moduleYaml], ...content.files.map((f) => [f.path, f.text] as [string, string])]);
}

function withNewline(text: string) {
  return text === "" || text.endsWith("\n") ? text : `${text}\n`;
}

function lineHunks(before: string, after: string, deadline: number): { hunks: DiffHunk[]; tooLarge?: true } {
  const timeout = Math.min(DIFF_LIMITS.timeoutMs, deadline - Date.now());
  if (timeout <= 0) return { hunks: [], tooLarge: true };
  const patch = structuredPatch("before", "after", withNewline(before), withNewline(after), undefined, undefined, {
    context: DIFF_LIMITS.contextLines,
    maxEditLength: DIFF_LIMITS.maxEditLength,
    timeout,
  });
  if (!patch) return { hunks: [], tooLarge: true };
  return {
    hunks: patch.hunks.map((h) => {
      let oldLine = h.oldStart;
      let newLine = h.newStart;
      const lines: DiffLine[] = [];
      for (const raw of h.lines) {
        const mark = raw[0];
        const text = raw.slice(1);
        if (mark === "\\") continue; // "\ No newline at end of file"
        if (mark === "+") lines.push({ kind: "added", text, newLine: newLine++ });
        else if (mark === "-") lines.push({ kind: "removed", text, oldLine: oldLine++ });
        else lines.push({ kind: "same", text, oldLine: oldLine++, newLine: newLine++ });
      }
      return { oldStart: h.oldStart, newStart: h.newStart, lines };
    }),
  };
}

function count(hunks: DiffHunk[], kind: DiffLine["kind"]) {
  return hunks.reduce((n, h) => n + h.lines.filter((l) => l.kind === kind).length, 0);
}

function lineCount(text: string) {
  return text === "" ? 0 : withNewline(text).split("\n").length - 1;
}

/**
 * The text files added, removed and changed between `published` (null before the first version) and
 * `current`, module.yaml first and then by path. Unchanged files are left out.
 */
export function diffDraftFiles(published: DraftContent | null, current: DraftContent): FileChange[] {
  const before = published ? filesOf(published) : new Map<string, string>();
  const after = filesOf(current);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) =>
    a === MODULE_FILE ? -1 : b === MODULE_FILE ? 1 : a.localeCompare(b),
  );
  const deadline = Date.now() + DIFF_LIMITS.totalMs;
  const changes: FileChange[] = [];
  for (const path of paths) {
    const old = before.get(path);
    const next = after.get(path);
    if (old === next) continue;
    const change = old === undefined ? "added" : next === undefined ? "removed" : "changed";
    const { hunks, tooLarge } = lineHunks(old ?? "", next ?? "", deadline);
    changes.push({
      path,
      change,
      added: tooLarge ? lineCount(next ?? "") : count(hunks, "added"),
      removed: tooLarge ? lineCount(old ?? "") : count(hunks, "removed"),
      hunks,
      ...(tooLarge ? { tooLarge } : {}),
    });
  }
  return changes;
}

/** Media files attached, detached or replaced by another upload since the published version. */
export function diffDraftMedia(
  published: { path: string; assetId: string }[] | null,
  current: { path: string; assetId: string }[],
): MediaChange[] {
  const before = new Map((published ?? []).map((m) => [m.path, m.assetId]));
  const after = new Map(current.map((m) => [m.path, m.assetId]));
  const changes: MediaChange[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const old = before.get(path);
    const next = after.get(path);
    if (old === next) continue;
    changes.push({ path, change: old === undefined ? "added" : next === undefined ? "removed" : "replaced" });
  }
  return changes;
}
