/**
 * Where in a course file a problem is: YAML parsed with line numbers, a field path such as
 * questions[1].options turned into the line to fix, zod issues turned into located problems, and an
 * activity file split into its front matter and body. Split from load-course.server.ts (issue 13);
 * pure (no file system), so checks that run after loading can locate a field too.
 */
import type { z } from "zod";
import { isMap, isSeq, LineCounter, visit, type Document } from "yaml";
import { parseAuthorYaml } from "./author-yaml.ts";
import { isRecord } from "./course-format.ts";
import type { CourseProblem } from "./load-course.server.ts";

export type PathKey = PropertyKey;

/** ["questions", 1, "options"] -> "questions[1].options" */
export function formatPath(keys: readonly PathKey[]): string | undefined {
  let out = "";
  for (const key of keys) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? undefined : out;
}

// ---------------------------------------------------------------------------
// YAML with line numbers
// ---------------------------------------------------------------------------

export type ParsedYaml = {
  doc: Document;
  lineCounter: LineCounter;
  /** Added to YAML line numbers to get real file lines (front matter starts after `---`). */
  lineOffset: number;
  /** Plain JS value, or undefined when the YAML had syntax errors. */
  data: unknown;
};

export function parseYaml(source: string, file: string, lineOffset: number, problems: CourseProblem[]): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseAuthorYaml(source, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  for (const error of doc.errors) {
    let offset = error.pos[0];
    let message = `YAML syntax error: ${error.message.split("\n")[0]}. Fix the YAML on this line (check indentation, colons and quotes).`;
    // An unclosed quote is detected at the end of the file; point at where the quote opens instead.
    if (error.code === "MISSING_CHAR" && /closing .?quote/.test(error.message)) {
      const start = quotedScalarEndingAt(doc, offset);
      if (start !== undefined) {
        offset = start;
        message =
          "YAML syntax error: the quoted text starting on this line is never closed. Add the closing quote (and escape any quote inside it).";
      }
    }
    problems.push({
      file,
      line: lineCounter.linePos(offset).line + lineOffset,
      message,
    });
  }
  const data = doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  return { doc, lineCounter, lineOffset, data };
}

/** Start offset of the quoted scalar that runs up to `end` (an unterminated one), if any. */
function quotedScalarEndingAt(doc: Document, end: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if ((node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") && node.range && node.range[1] >= end - 1) {
        start = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return start;
}

function lineOf(yaml: ParsedYaml, node: unknown): number | undefined {
  if (typeof node !== "object" || node === null || !("range" in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? yaml.lineCounter.linePos(range[0]).line + yaml.lineOffset : undefined;
}

/**
 * The file line for a path such as ["questions", 1, "options"]. For a map entry
 * it is the line of the key (so a block list is reported where it starts); for
 * a missing entry it is the nearest existing parent, or undefined at the root.
 */
export function lineForPath(yaml: ParsedYaml, keys: readonly PathKey[]): number | undefined {
  let node: unknown = yaml.doc.contents;
  let line: number | undefined;
  for (const key of keys) {
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const k: unknown = item.key;
        const value = isRecord(k) && "value" in k ? k.value : k;
        return String(value) === String(key);
      });
      if (!pair) return line;
      line = lineOf(yaml, pair.key) ?? lineOf(yaml, pair.value) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      const item: unknown = node.items[key];
      if (item === undefined) return line;
      line = lineOf(yaml, item) ?? line;
      node = item;
    } else {
      return line;
    }
  }
  return line;
}

/** Turns zod issues into problems located in the YAML source. */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], file: string, yaml: ParsedYaml): CourseProblem[] {
  return issues.map((issue) => {
    let keys: PathKey[] = [...issue.path];
    // Point unknown fields at the offending key itself, not its parent.
    if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) keys = [...keys, issue.keys[0]];
    const problem: CourseProblem = { file, message: issue.message };
    const line = lineForPath(yaml, keys);
    if (line !== undefined) problem.line = line;
    const fieldPath = formatPath(keys);
    if (fieldPath !== undefined) problem.path = fieldPath;
    return problem;
  });
}

// ---------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------

export type SplitFile = { frontMatter: string; body: string; bodyLine: number } | { error: string; line: number };

/** Splits an activity file into its YAML front matter and Markdown body. */
export function splitFrontMatter(source: string): SplitFile {
  const text = source.replace(/^\uFEFF/, "");
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) {
    return {
      error:
        'The file must begin with front matter: a line "---", the YAML fields (id, type, title, minutes…), then another "---" line. Add it at the very top.',
      line: 1,
    };
  }
  const rest = text.slice(open[0].length);
  const close = /^---[ \t]*(?:\r?\n|$)/m.exec(rest);
  if (!close) {
    return {
      error: 'The front matter is never closed. Add a line containing only "---" after the YAML fields.',
      line: 1,
    };
  }
  const frontMatter = rest.slice(0, close.index);
  const linesBeforeBody = 1 + frontMatter.split("\n").length; // opening "---" + YAML lines (incl. closing "---" line)
  return {
    frontMatter,
    body: rest.slice(close.index + close[0].length),
    bodyLine: linesBeforeBody + 1,
  };
}

/**
 * The line of a front-matter field in an activity file's source (e.g. ["tests", 1, "code"]), for
 * checks that run after loading (such as running code exercises) and report where to look.
 */
export function frontMatterFieldLine(source: string, keys: readonly (string | number)[]): number | undefined {
  const split = splitFrontMatter(source);
  if ("error" in split) return undefined;
  const yaml = parseYaml(split.frontMatter, "", 1, []);
  return yaml.data === undefined ? undefined : lineForPath(yaml, keys);
}
