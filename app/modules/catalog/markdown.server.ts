/**
 * Server-side Markdown rendering for author-written course content.
 *
 * Markdown is turned into HTML once, when a module version is published (see
 * docs/decisions/0005-markdown-rendered-and-sanitised-at-publish.md), and the
 * stored HTML is later injected into pages as-is. This module is therefore the
 * security boundary between course files and learners' browsers.
 *
 * Pipeline (order matters):
 *
 *   remark-parse + remark-gfm          Markdown -> mdast (tables, task lists,
 *                                      strikethrough, autolinks, footnotes)
 *   transformMdast                     depth cap, raw-HTML warnings, callouts
 *   remark-rehype                      mdast -> hast; raw HTML is DROPPED
 *                                      (allowDangerousHtml: false)
 *   rehype-highlight                   highlight.js classes on fenced code
 *   transformHast                      heading ids, link/image URL policy,
 *                                      asset resolution
 *   rehype-sanitize (LAST transform)   allow-list of elements, attributes,
 *                                      classes and URL protocols
 *   rehype-stringify                   hast -> HTML
 *
 * Sanitisation runs after every other transform, so nothing a transform (or a
 * plugin bug) adds can escape the allow-list. The URL policy in transformHast
 * is stricter than the sanitiser's protocol list and produces warnings for
 * authors; the sanitiser is the backstop.
 *
 * Output is deterministic (no dates, no randomness, no language auto-detection),
 * so the HTML can be content-hashed.
 */
import type { Element, ElementContent, Properties, Root as HastRoot } from "hast";
import { toString as hastToString } from "hast-util-to-string";
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import plaintext from "highlight.js/lib/languages/plaintext";
import python from "highlight.js/lib/languages/python";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import type { Blockquote, Paragraph, Parent as MdastParent, Root as MdastRoot, RootContent as MdastContent } from "mdast";
import rehypeHighlight from "rehype-highlight";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { SKIP, visit } from "unist-util-visit";

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

export type RenderOptions = {
  /**
   * Resolve a relative asset path used in the Markdown (e.g. "images/diagram.png")
   * to a URL served by the app, or null if the asset does not exist / is not
   * allowed. Absolute http(s) URLs in links are left as links; absolute URLs in
   * images/media are NOT allowed (no third-party loading at run time; schools
   * block CDNs) and are dropped.
   *
   * The path is percent-decoded and has no query or fragment. The resolver is
   * responsible for refusing paths that escape the module folder ("../..").
   */
  resolveAsset?: (relativePath: string) => string | null;
};

/** `warnings` are human-readable notes for authors, without duplicates. */
export type RenderResult = { html: string; warnings: string[] };

/** Render author Markdown to sanitised HTML. */
export async function renderMarkdown(markdown: string, options?: RenderOptions): Promise<RenderResult> {
  assertRenderable(markdown);
  if (tooDeeplyNested(markdown)) return plainTextFallback(markdown);
  if (tooManyDelimiters(markdown)) return plainTextFallback(markdown, TOO_MANY_DELIMITERS_WARNING);
  const context = createContext(options);
  try {
    const file = await createProcessor(context).process(markdown);
    return { html: String(file), warnings: context.warnings };
  } catch (error) {
    return recoverFromStackOverflow(error, markdown);
  }
}

/** Same pipeline as `renderMarkdown`, synchronous (for places that cannot await). */
export function renderMarkdownSync(markdown: string, options?: RenderOptions): RenderResult {
  assertRenderable(markdown);
  if (tooDeeplyNested(markdown)) return plainTextFallback(markdown);
  if (tooManyDelimiters(markdown)) return plainTextFallback(markdown, TOO_MANY_DELIMITERS_WARNING);
  const context = createContext(options);
  try {
    const file = createProcessor(context).processSync(markdown);
    return { html: String(file), warnings: context.warnings };
  } catch (error) {
    return recoverFromStackOverflow(error, markdown);
  }
}

// ---------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------

/**
 * Upper bound on input size. Real activities are a few tens of KB; the parser
 * has super-linear worst cases, so absurd inputs are refused outright.
 */
const MAX_MARKDOWN_LENGTH = 500_000;

/**
 * Widest allowed run of container syntax (indentation, `>`, list markers) at
 * the start of a line, in columns. micromark's time grows much faster than
 * linearly with container nesting (40 KB of `- - - - …` takes minutes), so
 * documents beyond this are not parsed at all. 256 columns is over 100 nested
 * lists; real documents stay well under 30.
 */
const MAX_CONTAINER_PREFIX = 256;

/**
 * mdast depth beyond which content is flattened to plain text. Deeply nested
 * trees overflow the stack in the recursive tree utilities (mdast-util-to-hast,
 * the sanitiser, the serialiser); 100 levels is roughly 50 nested lists, far
 * more than any real document uses.
 */
const MAX_TREE_DEPTH = 100;

/**
 * Most emphasis/strikethrough delimiter runs (`*`, `_`, `~`) allowed in one paragraph. Matching them
 * is quadratic in the worst case: 24 KB of `*a *a … a* a*` took 18 s (issue 11). 1,000 runs
 * (500 emphasised phrases in one paragraph) renders in well under a second; real paragraphs have
 * a handful.
 */
const MAX_DELIMITER_RUNS_PER_BLOCK = 1_000;

const TOO_MANY_DELIMITERS_WARNING = `A paragraph has more than ${MAX_DELIMITER_RUNS_PER_BLOCK} *, _ or ~ marks, too many to render, so the text is shown as plain text. Use less emphasis or split the paragraph.`;

const TOO_DEEP_WARNING =
  "This content is nested too deeply to render, so it is shown as plain text. Reduce the nesting of lists or quotes.";

function assertRenderable(markdown: string): void {
  if (typeof markdown !== "string") {
    throw new TypeError("renderMarkdown expects a string of Markdown.");
  }
  if (markdown.length > MAX_MARKDOWN_LENGTH) {
    throw new Error(
      `Markdown content is too large to render (${markdown.length} characters; the limit is ${MAX_MARKDOWN_LENGTH}). Split it into several activities.`,
    );
  }
}

function tooDeeplyNested(markdown: string): boolean {
  const prefixes = /^(?:[ \t>]|[-+*](?=[ \t\r\n]|$)|\d{1,9}[.)](?=[ \t\r\n]|$))+/gm;
  for (const [prefix] of markdown.matchAll(prefixes)) {
    // Tabs count as up to four columns; counting each as four is close enough.
    const width = prefix.length + 3 * (prefix.split("\t").length - 1);
    if (width > MAX_CONTAINER_PREFIX) return true;
  }
  return false;
}

function tooManyDelimiters(markdown: string): boolean {
  for (const block of markdown.split(/\r?\n[ \t]*\r?\n/)) {
    let runs = 0;
    for (const _ of block.matchAll(/[*_~]+/g)) {
      if (++runs > MAX_DELIMITER_RUNS_PER_BLOCK) return true;
    }
  }
  return false;
}

/**
 * The parser itself is recursive in places (e.g. GFM's autolink pass), so
 * very deep inline nesting can overflow the stack before our depth cap runs.
 * Such documents are rendered as escaped plain text rather than failing; any
 * other error is re-thrown.
 */
function recoverFromStackOverflow(error: unknown, markdown: string): RenderResult {
  if (!(error instanceof RangeError)) throw error;
  return plainTextFallback(markdown);
}

/** The whole source as escaped preformatted text, through the same sanitiser. */
function plainTextFallback(markdown: string, warning = TOO_DEEP_WARNING): RenderResult {
  const tree: HastRoot = {
    type: "root",
    children: [element("pre", {}, [element("code", {}, [{ type: "text", value: markdown }])])],
  };
  const safe = unified().use(rehypeSanitize, markdownSanitizeSchema).use(rehypeStringify);
  return {
    html: safe.stringify(safe.runSync(tree)),
    warnings: [warning],
  };
}

// ---------------------------------------------------------------------------
// Sanitiser schema
// ---------------------------------------------------------------------------

/**
 * Prefix the sanitiser puts before every `id` (and `name`, aria id references)
 * so author content cannot clobber globals such as `window.config` or
 * `document.forms`. Fragment links to headings and footnotes are rewritten to
 * match in transformHast.
 */
const CLOBBER_PREFIX = "user-content-";

const CALLOUTS = {
  note: "Note",
  tip: "Tip",
  important: "Important",
  warning: "Warning",
  caution: "Caution",
} as const;
type CalloutKind = keyof typeof CALLOUTS;

/** highlight.js token classes: `hljs`, `hljs-keyword`, `hljs-template-variable`… */
const HLJS_CLASS = /^hljs(?:-[a-z0-9_]+)*$/i;
/** Fence language classes; quotes, angle brackets and spaces never match. */
const LANGUAGE_CLASS = /^language-[a-z0-9_+#.-]+$/i;

/**
 * `defaultSchema` (GitHub's rules) plus: `aside` callouts, highlight classes on
 * code/pre/span, `rel` on links, `loading` on images; minus irc/xmpp links.
 *
 * Exported (beyond the rendering API) so tests and any later re-check of stored
 * HTML use exactly the rules the renderer uses. Do not mutate.
 */
export const markdownSanitizeSchema: Readonly<SanitizeSchema> = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), "aside"],
  attributes: {
    ...defaultSchema.attributes,
    a: [...(defaultSchema.attributes?.a ?? []), ["rel", "noopener", "noreferrer"]],
    aside: [
      ["className", "callout", ...Object.keys(CALLOUTS).map((kind) => `callout-${kind}`)],
      ["role", "note"],
    ],
    code: [["className", HLJS_CLASS, LANGUAGE_CLASS]],
    img: [...(defaultSchema.attributes?.img ?? []), ["loading", "lazy"]],
    p: [["className", "callout-title"]],
    pre: [["className", HLJS_CLASS, LANGUAGE_CLASS]],
    span: [["className", HLJS_CLASS, LANGUAGE_CLASS]],
  },
  clobber: ["ariaDescribedBy", "ariaLabelledBy", "id", "name"],
  clobberPrefix: CLOBBER_PREFIX,
  protocols: {
    cite: ["http", "https"],
    href: ["http", "https", "mailto"],
    longDesc: ["http", "https"],
    src: ["http", "https"],
  },
  // Elements whose *content* is dropped too (others not on the allow-list are
  // unwrapped). Raw HTML never reaches the tree; this is defence in depth.
  strip: [
    "script",
    "style",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "noscript",
    "noembed",
    "noframes",
    "textarea",
    "select",
    "title",
    "xmp",
    "plaintext",
  ],
  allowComments: false,
  allowDoctypes: false,
};

// ---------------------------------------------------------------------------
// Processor
// ---------------------------------------------------------------------------

type RenderContext = {
  resolveAsset: RenderOptions["resolveAsset"];
  warnings: string[];
  warn: (message: string) => void;
};

function createContext(options: RenderOptions | undefined): RenderContext {
  const warnings: string[] = [];
  return {
    resolveAsset: options?.resolveAsset,
    warnings,
    warn(message) {
      if (!warnings.includes(message)) warnings.push(message);
    },
  };
}

/**
 * One highlighter for the whole process: highlight.js compiles grammars lazily
 * per instance, so sharing it avoids recompiling them on every render. The
 * transformer keeps no state between calls. No auto-detection: only fences
 * that name a language are highlighted (deterministic, and cheap).
 */
const highlight = rehypeHighlight({
  languages: { bash, css, javascript, json, plaintext, python, typescript, xml },
  aliases: { xml: ["html"] },
  detect: false,
});

function createProcessor(context: RenderContext) {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(() => (tree: MdastRoot) => transformMdast(tree, context))
    .use(remarkRehype, {
      allowDangerousHtml: false,
      // Footnote ids are prefixed by the sanitiser (like every other id);
      // prefixing here as well would double it.
      clobberPrefix: "",
    })
    .use(() => highlight)
    .use(() => (tree: HastRoot) => transformHast(tree, context))
    .use(rehypeSanitize, markdownSanitizeSchema)
    .use(rehypeStringify);
}

// ---------------------------------------------------------------------------
// mdast transforms
// ---------------------------------------------------------------------------

function transformMdast(tree: MdastRoot, context: RenderContext): void {
  // First, so that every recursive utility after it sees a bounded tree.
  capDepth(tree, context);

  visit(tree, "html", (node) => {
    const value = node.value.trim();
    // Comments and closing tags would only add noise to the warnings.
    if (value.startsWith("<!--") || value.startsWith("</")) return;
    context.warn(`Removed raw HTML ${quote(value)}: HTML is not allowed in course Markdown`);
  });

  visit(tree, "blockquote", (node) => {
    toCallout(node);
  });
}

const FLOW_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition"]);
const PHRASING_PARENTS = new Set(["paragraph", "heading", "emphasis", "strong", "delete", "link", "linkReference", "tableCell"]);

/**
 * Replace everything nested deeper than MAX_TREE_DEPTH by its plain text.
 * Iterative on purpose: a recursive walk would overflow on exactly the trees
 * this exists for.
 */
function capDepth(tree: MdastRoot, context: RenderContext): void {
  const stack: Array<{ node: MdastParent; depth: number }> = [{ node: tree, depth: 0 }];
  let flattened = false;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    const children = node.children;
    for (let index = 0; index < children.length; index++) {
      const child = children[index]!;
      if (!("children" in child)) continue;
      // Only cut where a text/paragraph replacement is valid for the parent
      // (not directly inside a list or table row); those cut one level lower.
      if (depth + 1 >= MAX_TREE_DEPTH) {
        if (PHRASING_PARENTS.has(node.type)) {
          children[index] = { type: "text", value: plainText(child) };
          flattened = true;
          continue;
        }
        if (FLOW_PARENTS.has(node.type)) {
          children[index] = { type: "paragraph", children: [{ type: "text", value: plainText(child) }] };
          flattened = true;
          continue;
        }
      }
      stack.push({ node: child, depth: depth + 1 });
    }
  }
  if (flattened) {
    context.warn(
      `Content nested more than ${MAX_TREE_DEPTH} levels deep was flattened to plain text. Reduce the nesting of lists or quotes.`,
    );
  }
}

/** Text content of an mdast subtree (iterative; raw HTML is left out). */
function plainText(node: MdastContent): string {
  const parts: string[] = [];
  const stack: MdastContent[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if ("children" in current) {
      for (let index = current.children.length - 1; index >= 0; index--) {
        stack.push(current.children[index]!);
      }
    } else if (current.type === "text" || current.type === "inlineCode" || current.type === "code") {
      parts.push(current.value);
    }
  }
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/**
 * GitHub alert syntax: a blockquote whose first line is exactly `[!NOTE]`
 * (or TIP, IMPORTANT, WARNING, CAUTION; any case) becomes
 * `<aside class="callout callout-note" role="note"><p class="callout-title">Note</p>…</aside>`.
 * Anything else on the marker's line means it is an ordinary blockquote.
 */
const CALLOUT_MARKER = /^\[!(note|tip|important|warning|caution)\][ \t]*(\r?\n|$)/i;

function toCallout(node: Blockquote): void {
  const first = node.children[0];
  if (!first || first.type !== "paragraph") return;
  const head = first.children[0];
  if (!head || head.type !== "text") return;
  const match = CALLOUT_MARKER.exec(head.value);
  if (!match) return;

  const rest = head.value.slice(match[0].length);
  const endedLine = match[2] !== "";
  if (!endedLine) {
    // The text node ended right after the marker: the next node must end the
    // line (a hard break) or the paragraph must end here.
    const next = first.children[1];
    if (next && next.type !== "break") return;
    if (next) first.children.splice(1, 1);
  }
  if (rest === "") first.children.shift();
  else head.value = rest;
  if (first.children.length === 0) node.children.shift();

  const kind = match[1]!.toLowerCase() as CalloutKind;
  const title: Paragraph = {
    type: "paragraph",
    data: { hProperties: { className: ["callout-title"] } },
    children: [{ type: "text", value: CALLOUTS[kind] }],
  };
  node.children.unshift(title);
  node.data = {
    ...node.data,
    hName: "aside",
    hProperties: { className: ["callout", `callout-${kind}`], role: "note" },
  };
}

// ---------------------------------------------------------------------------
// hast transforms
// ---------------------------------------------------------------------------

function transformHast(tree: HastRoot, context: RenderContext): void {
  const ids = assignHeadingIds(tree);
  applyUrlPolicy(tree, ids, context);
  removeEmptyParagraphs(tree);
}

const HEADING = /^h[1-6]$/;

/**
 * Give every heading a slug id, unique in the document (also against ids that
 * already exist, such as footnotes'). Returns all ids, unprefixed.
 */
function assignHeadingIds(tree: HastRoot): Set<string> {
  const ids = new Set<string>();
  visit(tree, "element", (node) => {
    if (typeof node.properties.id === "string") ids.add(node.properties.id);
  });
  visit(tree, "element", (node) => {
    if (!HEADING.test(node.tagName) || node.properties.id !== undefined) return;
    const base = slugify(hastToString(node));
    let id = base;
    for (let n = 1; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    node.properties.id = id;
  });
  return ids;
}

/** "Getting started: Café & Python 3!" -> "getting-started-cafe-python-3". */
function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return slug || "section";
}

type UrlClass =
  /** http:, https:, mailto:, or protocol-relative `//host`. */
  | { kind: "external"; scheme: string }
  /** `#fragment` in this document. */
  | { kind: "fragment"; fragment: string }
  /** Root-relative (`/path`) or query-only (`?x`): a page of the app itself. */
  | { kind: "app" }
  /** Document-relative path, e.g. `media/diagram.png`. */
  | { kind: "relative"; path: string; hash: string }
  /** Any other scheme (javascript:, data:, vbscript:, file:…) or malformed. */
  | { kind: "unsafe"; scheme: string };

/**
 * Characters browsers ignore or that hide a scheme: C0/C1 controls, space,
 * soft hyphen and zero-width/bidi/format characters. They are removed before
 * looking for a scheme, so `java\tscript:` and friends are seen for what they
 * are. (By this point remark has already decoded character references such as
 * `&#x73;` and percent-encoded whitespace.)
 */
const IGNORED_URL_CHARS =
  // eslint-disable-next-line no-control-regex -- matching them is the point
  /[\u0000-\u0020\u007f-\u00a0\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

function classifyUrl(raw: string): UrlClass {
  const url = raw.replace(IGNORED_URL_CHARS, "").replace(/\\/g, "/");
  if (url.startsWith("//")) return { kind: "external", scheme: "" };

  // Same rule as the sanitiser (and the URL standard, conservatively): a
  // colon before any `/`, `?` or `#` means the URL has a scheme.
  const colon = url.indexOf(":");
  const delimiter = url.search(/[/?#]/);
  if (colon !== -1 && (delimiter === -1 || colon < delimiter)) {
    const scheme = url.slice(0, colon).toLowerCase();
    return scheme === "http" || scheme === "https" || scheme === "mailto" ? { kind: "external", scheme } : { kind: "unsafe", scheme };
  }
  if (url.startsWith("#")) return { kind: "fragment", fragment: url.slice(1) };
  if (url === "" || url.startsWith("/") || url.startsWith("?")) return { kind: "app" };

  const end = url.search(/[?#]/);
  const hashAt = url.indexOf("#");
  return {
    kind: "relative",
    path: safeDecode(end === -1 ? url : url.slice(0, end)),
    hash: hashAt === -1 ? "" : url.slice(hashAt),
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A file name with an extension, e.g. `worksheet.pdf`: treated as an asset. */
const FILE_EXTENSION = /\.[a-z0-9]{1,10}$/i;

/**
 * Ask the app for an asset's URL. The answer must itself be a plain http(s)
 * or app URL: a resolver bug must not smuggle in `javascript:` or `data:`.
 */
function resolve(context: RenderContext, path: string): string | null {
  // A percent-encoded scheme or absolute path decodes into something that is
  // not a relative asset path at all.
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || /^[/\\]/.test(path) || path.includes("\0")) {
    return null;
  }
  const url = context.resolveAsset?.(path) ?? null;
  if (url === null) return null;
  const resolved = classifyUrl(url);
  const ok = resolved.kind === "app" || resolved.kind === "relative" || (resolved.kind === "external" && resolved.scheme !== "mailto");
  return ok ? url : null;
}

function applyUrlPolicy(tree: HastRoot, ids: Set<string>, context: RenderContext): void {
  visit(tree, "element", (node, index, parent) => {
    if (index === undefined || !parent) return;

    if (node.tagName === "a") {
      const href = node.properties.href;
      if (typeof href !== "string") return;
      const url = classifyUrl(href);
      switch (url.kind) {
        case "external":
          node.properties.rel = ["noopener", "noreferrer"];
          return;
        case "fragment":
          // Ids get CLOBBER_PREFIX from the sanitiser; point at the prefixed id.
          // (Footnote ids are percent-encoded like their links; heading
          // slugs are not, so compare both forms.)
          if (ids.has(url.fragment) || ids.has(safeDecode(url.fragment))) {
            node.properties.href = `#${CLOBBER_PREFIX}${url.fragment}`;
          }
          return;
        case "app":
          return;
        case "relative": {
          if (!FILE_EXTENSION.test(url.path) || !context.resolveAsset) return;
          const resolved = resolve(context, url.path);
          if (resolved !== null) {
            node.properties.href = resolved + url.hash;
            return;
          }
          context.warn(`Linked file ${quote(url.path)} not found`);
          break;
        }
        case "unsafe":
          context.warn(`Removed unsafe link ${quote(href)}: only http, https, mailto and relative links are allowed`);
          break;
      }
      // Keep the link text, drop the link.
      parent.children.splice(index, 1, ...node.children);
      return index;
    }

    if (node.tagName === "img") {
      const src = typeof node.properties.src === "string" ? node.properties.src : "";
      const url = classifyUrl(src);
      let resolved: string | null = null;
      if (url.kind === "relative") {
        resolved = resolve(context, url.path);
        if (resolved === null) context.warn(`Image ${quote(url.path)} not found`);
      } else if (url.kind === "external") {
        context.warn(`Removed external image ${truncate(src)}: images must be files in the module's media folder`);
      } else if (url.kind === "unsafe" && url.scheme === "data") {
        context.warn(`Removed data: image ${quote(src)}: images must be files in the module's media folder`);
      } else {
        context.warn(`Removed image with unsupported source ${quote(src)}`);
      }
      if (resolved === null) {
        parent.children.splice(index, 1);
        return index;
      }

      const alt = node.properties.alt;
      const properties: Properties = { ...node.properties, src: resolved };
      if (typeof alt !== "string" || alt.trim() === "") {
        properties.alt = "";
        if (url.kind === "relative") context.warn(`Image ${quote(url.path)} has no alt text`);
      }
      properties.loading = "lazy";
      node.properties = properties;
      return SKIP;
    }
  });
}

/** Paragraphs left empty by removed images or raw HTML. */
function removeEmptyParagraphs(tree: HastRoot): void {
  visit(tree, "element", (node, index, parent) => {
    if (index === undefined || !parent || node.tagName !== "p") return;
    const empty = node.children.every((child) => child.type === "text" && child.value.trim() === "");
    if (!empty || node.properties.className !== undefined) return;
    parent.children.splice(index, 1);
    return index;
  });
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: "element", tagName, properties, children };
}

function truncate(value: string, max = 80): string {
  const oneLine = value.replace(/\s+/g, " ");
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function quote(value: string): string {
  return `'${truncate(value)}'`;
}
