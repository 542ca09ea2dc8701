/**
 * Reads the event files under `events/` (docs/decisions/0055): every `<id>.md` but README.md, each
 * checked against the format and rendered (the description goes through the authors' Markdown
 * pipeline, sanitised and with a time limit). Problems carry the file and line, as `courses:check` does.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { CourseProblem } from "~/modules/catalog/load-course.server.ts";
import { renderAuthorMarkdown, RENDER_LIMITS } from "~/modules/catalog/markdown-pool.server.ts";
import { isRecord } from "~/modules/catalog/course-format.ts";
import { frontMatterFieldLine, issuesToProblems, parseYaml, splitFrontMatter } from "~/modules/catalog/yaml-locations.ts";
import { bookingWindow, parseEventFile, sessionTimes, type EventFile, type SessionTimes } from "./event-format.ts";

export type LoadedEvent = EventFile & {
  file: string;
  /** The file's text as it was read (kept with the event, docs/decisions/0059). */
  sourceText: string;
  descriptionHtml: string;
  contentHash: string;
  times: SessionTimes[];
  bookingOpensAt: Date | null;
  bookingClosesAt: Date;
};

export type EventLoadResult = { ok: true; event: LoadedEvent } | { ok: false; file: string; problems: CourseProblem[] };

/** One event file's text, checked. `knownModules`: the module ids it may link to (unchecked if absent). */
export async function loadEventSource(file: string, source: string, knownModules?: ReadonlySet<string>): Promise<EventLoadResult> {
  const problems: CourseProblem[] = [];
  const split = splitFrontMatter(source);
  if ("error" in split) return { ok: false, file, problems: [{ file, line: split.line, message: split.error }] };
  const yaml = parseYaml(split.frontMatter, file, 1, problems);
  if (problems.length) return { ok: false, file, problems };
  const parsed = parseEventFile(yaml.data);
  if (!parsed.success) problems.push(...issuesToProblems(parsed.error.issues, file, yaml));
  // The checks below read the fields as written, so a file with several mistakes reports them all.
  const raw = (isRecord(yaml.data) ? yaml.data : {}) as { id?: unknown; modules?: unknown };

  const expectedName = typeof raw.id === "string" ? `${raw.id}.md` : undefined;
  if (expectedName && path.basename(file) !== expectedName) {
    problems.push({
      file,
      line: frontMatterFieldLine(source, ["id"]),
      path: "id",
      message: `The file name must be the event's id: rename the file to ${expectedName} (or change the id).`,
    });
  }
  if (knownModules && isRecord(raw.modules)) {
    for (const relation of ["prepare", "followUp"] as const) {
      const ids = raw.modules[relation];
      if (!Array.isArray(ids)) continue;
      ids.forEach((moduleId: unknown, index) => {
        if (typeof moduleId !== "string" || knownModules.has(moduleId)) return;
        problems.push({
          file,
          line: frontMatterFieldLine(source, ["modules", relation, index]),
          path: `modules.${relation}[${index}]`,
          message: `There is no module "${moduleId}". Use the id from a module's module.yaml (${[...knownModules].sort().join(", ")}).`,
        });
      });
    }
  }
  let descriptionHtml = "";
  if (!split.body.trim()) {
    problems.push({ file, line: split.bodyLine, message: "The description is empty. Write it below the closing --- line, in Markdown." });
  } else {
    try {
      const rendered = await renderAuthorMarkdown(split.body, { timeoutMs: RENDER_LIMITS.publishMs });
      descriptionHtml = rendered.html;
      for (const warning of rendered.warnings) problems.push({ file, line: split.bodyLine, message: warning });
    } catch (error) {
      problems.push({ file, line: split.bodyLine, message: (error as Error).message });
    }
  }
  if (!parsed.success || problems.length) return { ok: false, file, problems };
  const event = parsed.data;

  const window = bookingWindow(event);
  return {
    ok: true,
    event: {
      ...event,
      file,
      sourceText: source,
      descriptionHtml,
      contentHash: crypto.createHash("sha256").update(source).digest("hex"),
      times: sessionTimes(event),
      bookingOpensAt: window.opensAt,
      bookingClosesAt: window.closesAt,
    },
  };
}

/** Every event file in `root`, sorted by name; a folder without events gives an empty list. */
export async function loadAllEvents(root: string, knownModules?: ReadonlySet<string>): Promise<EventLoadResult[]> {
  let names: string[];
  try {
    names = (await fs.readdir(root)).filter((name) => name.endsWith(".md") && name !== "README.md").sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const results: EventLoadResult[] = [];
  for (const name of names) {
    const source = await fs.readFile(path.join(root, name), "utf8");
    results.push(await loadEventSource(name, source, knownModules));
  }
  // The same id in two files would publish one over the other.
  const seen = new Map<string, string>();
  for (const result of results) {
    if (!result.ok) continue;
    const other = seen.get(result.event.id);
    if (other) {
      results[results.indexOf(result)] = {
        ok: false,
        file: result.event.file,
        problems: [
          {
            file: result.event.file,
            path: "id",
            message: `The id "${result.event.id}" is already used by ${other}. Each event needs its own id.`,
          },
        ],
      };
    } else seen.set(result.event.id, result.event.file);
  }
  return results;
}
