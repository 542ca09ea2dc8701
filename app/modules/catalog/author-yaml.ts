/**
 * YAML written by authors (module.yaml, activity front matter, the editor's settings field) is
 * parsed with limits: a size limit, and no more alias expansion than real content needs, so an
 * "alias bomb" (a few lines whose aliases expand exponentially) cannot exhaust the server.
 * A document over a limit comes back with the problem in `doc.errors`, like a syntax error, so
 * every caller that already refuses invalid YAML refuses it too, and pages that show a stored
 * draft render the problem instead of failing (issue 11, item 5c).
 */
import { parseDocument, YAMLParseError, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from "yaml";

export const AUTHOR_YAML_LIMITS = {
  /** Characters in one YAML document (the editor's settings field allows 200,000). */
  maxLength: 200_000,
  /** The yaml package's own default; aliases are rare in course files at all. */
  maxAliasCount: 100,
};

export const YAML_TOO_LARGE_MESSAGE = `This YAML is too long (more than ${AUTHOR_YAML_LIMITS.maxLength.toLocaleString("en-GB")} characters)`;
export const YAML_ALIAS_MESSAGE =
  "This YAML repeats aliases (*name) so often that it would expand to far too much data; write the values out instead of using & anchors and * aliases";

export function parseAuthorYaml(source: string, options?: ParseOptions & DocumentOptions & SchemaOptions): Document.Parsed {
  if (source.length > AUTHOR_YAML_LIMITS.maxLength) {
    const empty = parseDocument("", options);
    empty.errors.push(new YAMLParseError([0, 1], "RESOURCE_EXHAUSTION", YAML_TOO_LARGE_MESSAGE));
    return empty;
  }
  const doc = parseDocument(source, options);
  if (doc.errors.length === 0) {
    try {
      doc.toJS({ maxAliasCount: AUTHOR_YAML_LIMITS.maxAliasCount });
    } catch {
      doc.errors.push(new YAMLParseError([0, 1], "RESOURCE_EXHAUSTION", YAML_ALIAS_MESSAGE));
    }
  }
  return doc;
}

/** The problem with an author's YAML as a sentence for a form field, or undefined when it is within the limits. */
export function authorYamlLimitProblem(source: string): string | undefined {
  const error = parseAuthorYaml(source).errors.find((e) => e.code === "RESOURCE_EXHAUSTION");
  return error ? `${error.message}.` : undefined;
}
