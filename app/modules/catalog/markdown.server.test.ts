import type { Element, ElementContent, Properties, Root, RootContent } from "hast";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import { unified } from "unified";
import { describe, expect, it } from "vitest";

import { markdownSanitizeSchema, renderMarkdown, renderMarkdownSync, type RenderOptions } from "./markdown.server";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** Resolves files under media/ (except ones named "missing…") to app URLs. */
const resolveAsset = (relativePath: string): string | null =>
  relativePath.startsWith("media/") && !relativePath.includes("missing") ? `/assets/spotting-bias/${relativePath}` : null;

const options: RenderOptions = { resolveAsset };

function render(markdown: string, renderOptions: RenderOptions = options) {
  return renderMarkdownSync(markdown, renderOptions);
}

// --- A strict parser for the renderer's output ------------------------------
//
// No HTML parser is installed, but the output comes from hast-util-to-html,
// whose shape is narrow: double-quoted attribute values, `<` and `&` always
// escaped as character references, no comments, no self-closing slashes. This
// parser accepts exactly that shape and THROWS on anything else (unquoted
// attributes, comments, stray `&`, unclosed or mismatched tags), so surprising
// output fails the test instead of slipping past a regex.

const VOID_ELEMENTS = new Set(["br", "hr", "img", "input"]);
const NAMED_REFERENCES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

function decodeReferences(value: string): string {
  return value.replace(/&(?:#[xX]([0-9a-fA-F]+);|#(\d+);|([a-zA-Z]+);)?/g, (whole, hex?: string, decimal?: string, name?: string) => {
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (decimal) return String.fromCodePoint(Number.parseInt(decimal, 10));
    if (name && name in NAMED_REFERENCES) return NAMED_REFERENCES[name]!;
    throw new Error(`Unexpected "&" in output near ${JSON.stringify(whole)}`);
  });
}

/** Attribute name -> hast property name, for every attribute the renderer may emit. */
const PROPERTY_NAMES: Record<string, string> = {
  class: "className",
  "aria-describedby": "ariaDescribedBy",
  "aria-label": "ariaLabel",
  "data-footnote-ref": "dataFootnoteRef",
  "data-footnote-backref": "dataFootnoteBackref",
  "data-footnotes": "dataFootnotes",
};
const SPACE_SEPARATED = new Set(["className", "rel"]);

const TAG = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*(?:="[^"]*")?)*)\s*>/y;
const ATTRIBUTE = /\s+([a-z][a-z0-9-]*)(?:="([^"]*)")?/g;

type ParsedAttribute = { name: string; value: string | undefined };
type ParsedElement = Element & { attributes: ParsedAttribute[] };

function parseOutput(html: string): Root {
  const root: Root = { type: "root", children: [] };
  const stack: Array<Root | ParsedElement> = [root];
  let position = 0;
  while (position < html.length) {
    const parent = stack[stack.length - 1]!;
    const next = html.indexOf("<", position);
    if (next !== position) {
      const end = next === -1 ? html.length : next;
      const value = decodeReferences(html.slice(position, end));
      (parent.children as ElementContent[]).push({ type: "text", value });
      position = end;
      continue;
    }
    TAG.lastIndex = position;
    const match = TAG.exec(html);
    if (!match) {
      throw new Error(`Unparseable markup at ${position}: ${JSON.stringify(html.slice(position, position + 40))}`);
    }
    position = TAG.lastIndex;
    const closing = match[1] === "/";
    const tagName = match[2]!;
    const attributeText = match[3] ?? "";
    if (closing) {
      if (parent.type !== "element" || parent.tagName !== tagName) {
        throw new Error(`Mismatched </${tagName}>`);
      }
      stack.pop();
      continue;
    }
    const attributes: ParsedAttribute[] = [];
    const properties: Properties = {};
    for (const attribute of attributeText.matchAll(ATTRIBUTE)) {
      const name = attribute[1]!;
      const raw = attribute[2];
      const value = raw === undefined ? undefined : decodeReferences(raw);
      attributes.push({ name, value });
      const property = PROPERTY_NAMES[name] ?? name;
      properties[property] = value === undefined ? true : SPACE_SEPARATED.has(property) ? value.split(/\s+/) : value;
    }
    const node: ParsedElement = { type: "element", tagName, properties, children: [], attributes };
    (parent.children as ElementContent[]).push(node);
    if (!VOID_ELEMENTS.has(tagName)) stack.push(node);
  }
  if (stack.length !== 1) throw new Error("Unclosed element in output");
  return root;
}

function elements(tree: Root): ParsedElement[] {
  const found: ParsedElement[] = [];
  const pending: Array<Root | RootContent> = [tree];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === "element") found.push(node as ParsedElement);
    if ("children" in node) pending.push(...node.children);
  }
  return found;
}

/**
 * Re-sanitise parsed output with the renderer's own schema and serialise it.
 * Safe output must come back byte for byte. Id clobbering is switched off:
 * ids are already prefixed and prefixing is the one step that is not
 * idempotent (assertSafeHtml checks the prefix separately).
 */
function resanitise(html: string): string {
  const processor = unified()
    .use(rehypeSanitize, { ...markdownSanitizeSchema, clobber: [] })
    .use(rehypeStringify);
  return processor.stringify(processor.runSync(parseOutput(html)));
}

// --- The safety oracle -------------------------------------------------------

/** Everything the renderer may emit, independent of the implementation's schema. */
const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ["href", "title", "rel", "id", "class", "data-footnote-ref", "data-footnote-backref", "aria-describedby", "aria-label"],
  aside: ["class", "role"],
  blockquote: [],
  br: [],
  code: ["class"],
  del: [],
  em: [],
  h1: ["id"],
  h2: ["id", "class"],
  h3: ["id"],
  h4: ["id"],
  h5: ["id"],
  h6: ["id"],
  hr: [],
  img: ["src", "alt", "title", "loading"],
  input: ["type", "checked", "disabled"],
  li: ["id", "class"],
  ol: ["start", "class"],
  p: ["class"],
  pre: ["class"],
  section: ["class", "data-footnotes"],
  span: ["class"],
  strong: [],
  sup: [],
  table: [],
  tbody: [],
  td: ["align"],
  th: ["align"],
  thead: [],
  tr: [],
  ul: ["class"],
};

const ALLOWED_CLASSES: Record<string, RegExp> = {
  a: /^data-footnote-backref$/,
  aside: /^callout(-(note|tip|important|warning|caution))?$/,
  code: /^(hljs(-[a-z0-9_]+)*|language-[a-z0-9_+#.-]+)$/i,
  h2: /^sr-only$/,
  li: /^task-list-item$/,
  ol: /^contains-task-list$/,
  p: /^callout-title$/,
  pre: /^(hljs(-[a-z0-9_]+)*|language-[a-z0-9_+#.-]+)$/i,
  section: /^footnotes$/,
  span: /^(hljs(-[a-z0-9_]+)*|language-[a-z0-9_+#.-]+)$/i,
  ul: /^contains-task-list$/,
};

const FORBIDDEN_ELEMENTS =
  /<\s*\/?\s*(script|iframe|frame|frameset|svg|math|style|object|embed|applet|form|input(?![^>]*type="checkbox")|button|textarea|select|base|meta|link|template|noscript|portal)\b/i;

/** Browsers ignore these inside URLs (or they hide a scheme from a naive check). */
// eslint-disable-next-line no-control-regex
const URL_NOISE = /[\u0000-\u0020\u007f-\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

function urlScheme(value: string): string | null {
  const cleaned = value.replace(URL_NOISE, "").toLowerCase();
  const match = /^([a-z][a-z0-9+.-]*):/.exec(cleaned);
  return match ? match[1]! : null;
}

/**
 * Throws (with a reason) unless `html` is safe output. Strict on purpose:
 * anything not explicitly expected fails.
 */
function assertSafeHtml(html: string): void {
  // 1. Careful regexes on the raw string. Text never contains a raw "<"
  //    (it is always escaped), so a "<name" is always a real tag.
  if (FORBIDDEN_ELEMENTS.test(html)) throw new Error(`Forbidden element in ${html}`);
  if (/<!--|<!\[CDATA\[|<\?/i.test(html)) throw new Error("Comment or processing instruction in output");
  const tags = html.match(/<[a-z][^"<>]*(?:"[^"]*"[^"<>]*)*>/gi) ?? [];
  for (const tag of tags) {
    // Blank attribute values so only attribute names are inspected.
    const names = tag.replace(/="[^"]*"/g, '=""');
    if (/[\s/]on[a-z]*/i.test(names)) throw new Error(`Event-handler attribute in ${tag}`);
    if (/\sstyle\b/i.test(names)) throw new Error(`style attribute in ${tag}`);
    if (/\s(?:target|srcset|formaction|action|background|poster|xlink:href)\b/i.test(names)) {
      throw new Error(`Unexpected URL-bearing attribute in ${tag}`);
    }
  }
  for (const [, , value = ""] of html.matchAll(/\s(href|src)="([^"]*)"/gi)) {
    const scheme = urlScheme(decodeReferences(value));
    if (scheme && /^(javascript|vbscript|data|file|blob|filesystem)$/.test(scheme)) {
      throw new Error(`Dangerous URL ${value}`);
    }
  }

  // 2. Structure: parse strictly and check every element and attribute.
  const tree = parseOutput(html);
  for (const node of elements(tree)) {
    const allowed = ALLOWED_ATTRIBUTES[node.tagName];
    if (!allowed) throw new Error(`Unexpected element <${node.tagName}>`);
    for (const { name, value = "" } of node.attributes) {
      if (!allowed.includes(name)) throw new Error(`Unexpected attribute ${name} on <${node.tagName}>`);
      if (/^on/i.test(name)) throw new Error(`Event-handler attribute ${name}`);
      if (name === "href") {
        const scheme = urlScheme(value);
        if (scheme !== null && !["http", "https", "mailto"].includes(scheme)) {
          throw new Error(`Link with scheme ${scheme}: ${value}`);
        }
        const external = scheme !== null || /^\s*[/\\]{2}/.test(value);
        if (external && node.attributes.find((a) => a.name === "rel")?.value !== "noopener noreferrer") {
          throw new Error(`External link without rel="noopener noreferrer": ${value}`);
        }
      }
      if (name === "src") {
        // Images may only come from the app (what resolveAsset returned).
        if (urlScheme(value) !== null || /^\s*[/\\]{2}/.test(value) || !value.startsWith("/assets/")) {
          throw new Error(`Image source not from the app: ${value}`);
        }
      }
      if (name === "id" && !value.startsWith("user-content-")) {
        throw new Error(`Unprefixed id ${value}`);
      }
      if (name === "class") {
        const pattern = ALLOWED_CLASSES[node.tagName];
        for (const className of value.split(/\s+/)) {
          if (!pattern?.test(className)) throw new Error(`Unexpected class ${className} on <${node.tagName}>`);
        }
      }
      if (name === "rel" && value !== "noopener noreferrer") throw new Error(`Unexpected rel ${value}`);
      if (name === "loading" && value !== "lazy") throw new Error(`Unexpected loading ${value}`);
      if (name === "role" && value !== "note") throw new Error(`Unexpected role ${value}`);
      if (name === "type" && value !== "checkbox") throw new Error(`Unexpected input type ${value}`);
    }
    if (node.tagName === "input" && !node.attributes.some((a) => a.name === "disabled")) {
      throw new Error("Task-list checkbox is not disabled");
    }
  }

  // 3. Idempotence: the renderer's own sanitiser must not change anything.
  const again = resanitise(html);
  if (again !== html) throw new Error(`Re-sanitising changed the output:\n${html}\n---\n${again}`);
}

// ---------------------------------------------------------------------------
// The oracle itself must be able to fail
// ---------------------------------------------------------------------------

describe("assertSafeHtml (test oracle)", () => {
  it("accepts representative safe output", () => {
    expect(() =>
      assertSafeHtml(
        '<h2 id="user-content-intro">Intro</h2>\n<p><a href="https://example.com" rel="noopener noreferrer">x</a> <img src="/assets/m/a.png" alt="" loading="lazy"></p>',
      ),
    ).not.toThrow();
  });

  it.each([
    ["script element", "<script>alert(1)</script>"],
    ["event handler", '<p onclick="alert(1)">x</p>'],
    ["unquoted handler", "<img src=x onerror=alert(1)>"],
    ["javascript link", '<a href="javascript:alert(1)">x</a>'],
    ["entity-encoded javascript link", '<a href="&#x6A;avascript:alert(1)">x</a>'],
    ["javascript link with tab", '<a href="java&#x9;script:alert(1)">x</a>'],
    ["data image", '<img src="data:image/png;base64,AA" alt="">'],
    ["external image", '<img src="https://evil.example/x.png" alt="">'],
    ["style attribute", '<p style="color:red">x</p>'],
    ["svg", "<svg></svg>"],
    ["unknown element", "<div>x</div>"],
    ["unclosed element", "<p>x"],
    ["comment", "<!-- x -->"],
    ["stray ampersand", "<p>a & b</p>"],
    ["unexpected class", '<code class="evil">x</code>'],
    ["unprefixed id", '<h1 id="intro">x</h1>'],
    ["enabled checkbox", '<input type="checkbox">'],
    ["external link without rel", '<a href="https://example.com">x</a>'],
    ["target attribute", '<a href="#x" target="_blank">x</a>'],
    ["text input", '<input type="text" disabled>'],
  ])("rejects %s", (_name, html) => {
    expect(() => assertSafeHtml(html)).toThrow();
  });

  it("detects output that the sanitiser would change", () => {
    expect(resanitise('<p title="x">a</p>')).toBe('<p title="x">a</p>');
    expect(resanitise('<p class="evil">a</p>')).not.toBe('<p class="evil">a</p>');
  });
});

// ---------------------------------------------------------------------------
// Normal rendering
// ---------------------------------------------------------------------------

describe("renderMarkdown: normal content", () => {
  it("gives headings stable, unique, prefixed slug ids", () => {
    const { html } = render("# Getting started\n\n## Getting started\n\n### Café & Python 3!\n\n#### `code` *in* heading\n\n# \n");
    expect(html).toContain('<h1 id="user-content-getting-started">Getting started</h1>');
    expect(html).toContain('<h2 id="user-content-getting-started-1">Getting started</h2>');
    expect(html).toContain('<h3 id="user-content-cafe-python-3">Café &#x26; Python 3!</h3>');
    expect(html).toContain('<h4 id="user-content-code-in-heading">');
    expect(html).toContain('<h1 id="user-content-section"></h1>');
    assertSafeHtml(html);
  });

  it("points in-page links at the prefixed heading ids", () => {
    const { html } = render("## Next steps\n\nSee [below](#next-steps) and [elsewhere](#not-a-heading).");
    expect(html).toContain('<a href="#user-content-next-steps">below</a>');
    expect(html).toContain('<a href="#not-a-heading">elsewhere</a>');
    assertSafeHtml(html);
  });

  it("renders GFM tables, strikethrough, autolinks and task lists", () => {
    const { html } = render("| Name | Score |\n| :--- | ----: |\n| Ada | 10 |\n\n~~old~~ www.example.com\n\n- [x] done\n- [ ] todo\n");
    expect(html).toMatch(/<table>\s*<thead>\s*<tr>\s*<th align="left">Name<\/th>\s*<th align="right">Score<\/th>/);
    expect(html).toMatch(/<tbody>\s*<tr>\s*<td align="left">Ada<\/td>\s*<td align="right">10<\/td>/);
    expect(html).toContain("<del>old</del>");
    expect(html).toContain('<a href="http://www.example.com" rel="noopener noreferrer">www.example.com</a>');
    expect(html).toContain('<li class="task-list-item"><input type="checkbox" checked disabled> done</li>');
    expect(html).toContain('<li class="task-list-item"><input type="checkbox" disabled> todo</li>');
    assertSafeHtml(html);
  });

  it("highlights fenced code with a known language", () => {
    const { html } = render("```python\ndef area(r):\n    return 3.14 * r ** 2\n```");
    expect(html).toContain('<pre><code class="hljs language-python">');
    expect(html).toContain('<span class="hljs-keyword">def</span>');
    expect(html).toContain('<span class="hljs-number">3.14</span>');
    assertSafeHtml(html);
  });

  it.each([
    ["javascript", "const x = 1;"],
    ["js", "const x = 1;"],
    ["typescript", "let n: number = 1;"],
    ["html", '<p class="a">hi</p>'],
    ["css", "p { color: red; }"],
    ["json", '{"a": true}'],
    ["bash", "echo $HOME"],
  ])("highlights %s", (language, code) => {
    const { html } = render("```" + language + "\n" + code + "\n```");
    expect(html).toContain(`<code class="hljs language-${language}">`);
    expect(html).toMatch(/<span class="hljs-[a-z]/);
    assertSafeHtml(html);
  });

  it("leaves code without a language, or with an unregistered one, unhighlighted", () => {
    const plain = render("```\nx = 1\n```").html;
    expect(plain).toBe("<pre><code>x = 1\n</code></pre>");
    const unknown = render("```cobol\nDISPLAY 'HI'.\n```").html;
    expect(unknown).toContain("language-cobol");
    expect(unknown).not.toContain("<span");
    assertSafeHtml(unknown);
  });

  it.each([
    ["NOTE", "note", "Note"],
    ["TIP", "tip", "Tip"],
    ["IMPORTANT", "important", "Important"],
    ["WARNING", "warning", "Warning"],
    ["CAUTION", "caution", "Caution"],
  ])("renders a [!%s] callout", (marker, kind, title) => {
    const { html } = render(`> [!${marker}]\n> Check the *results*.\n>\n> - one\n`);
    expect(html).toMatch(
      new RegExp(
        `^<aside class="callout callout-${kind}" role="note">\\s*<p class="callout-title">${title}</p>\\s*<p>Check the <em>results</em>.</p>\\s*<ul>\\s*<li>one</li>\\s*</ul>\\s*</aside>$`,
      ),
    );
    expect(html).not.toContain("[!");
    expect(html).not.toContain("<blockquote");
    assertSafeHtml(html);
  });

  it("accepts lower-case markers and marker-only callouts", () => {
    expect(render("> [!tip]\n> Body").html).toMatch(
      /^<aside class="callout callout-tip" role="note">\s*<p class="callout-title">Tip<\/p>\s*<p>Body<\/p>\s*<\/aside>$/,
    );
    expect(render("> [!NOTE]").html).toMatch(
      /^<aside class="callout callout-note" role="note">\s*<p class="callout-title">Note<\/p>\s*<\/aside>$/,
    );
  });

  it("keeps plain blockquotes, and markers that are not alone on their line, as blockquotes", () => {
    expect(render("> Just a quote.").html).toBe("<blockquote>\n<p>Just a quote.</p>\n</blockquote>");
    const inline = render("> [!NOTE] on the same line").html;
    expect(inline).toBe("<blockquote>\n<p>[!NOTE] on the same line</p>\n</blockquote>");
    expect(render("> [!DANGER]\n> x").html).toContain("<blockquote>");
    expect(render("> text\n> [!NOTE]").html).toContain("<blockquote>");
  });

  it("resolves relative images through resolveAsset, lazily loaded with alt text", () => {
    const seen: string[] = [];
    const { html, warnings } = render('![A diagram](<media/my diagram.png> "Figure 1")', {
      resolveAsset: (p) => {
        seen.push(p);
        return resolveAsset(p);
      },
    });
    expect(seen).toEqual(["media/my diagram.png"]);
    expect(html).toBe('<p><img src="/assets/spotting-bias/media/my diagram.png" alt="A diagram" title="Figure 1" loading="lazy"></p>');
    expect(warnings).toEqual([]);
    assertSafeHtml(html);
  });

  it("removes missing images with a warning", () => {
    const { html, warnings } = render("Before ![x](media/missing.png) after");
    expect(html).toBe("<p>Before  after</p>");
    expect(warnings).toEqual(["Image 'media/missing.png' not found"]);
  });

  it("removes images when there is no resolver", () => {
    const { html, warnings } = renderMarkdownSync("![x](media/a.png)");
    expect(html).toBe("");
    expect(warnings).toEqual(["Image 'media/a.png' not found"]);
  });

  it('gives images without alt text alt="" and a warning', () => {
    const { html, warnings } = render("![](media/photo.jpg)");
    expect(html).toBe('<p><img src="/assets/spotting-bias/media/photo.jpg" alt="" loading="lazy"></p>');
    expect(warnings).toEqual(["Image 'media/photo.jpg' has no alt text"]);
  });

  it("removes external and data: images with a warning", () => {
    const { html, warnings } = render(
      "![a](https://cdn.example.com/a.png) ![b](//cdn.example.com/b.png) ![c](data:image/png;base64,iVBORw0KGgo=)",
    );
    expect(html).toBe("");
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^Removed external image https:\/\/cdn\.example\.com\/a\.png/);
    expect(warnings[1]).toMatch(/^Removed external image \/\/cdn\.example\.com\/b\.png/);
    expect(warnings[2]).toMatch(/^Removed data: image/);
  });

  it("does not trust a resolver that returns a dangerous URL", () => {
    const { html, warnings } = render("![x](media/a.png) [y](media/b.pdf)", {
      resolveAsset: () => "javascript:alert(1)",
    });
    expect(html).toBe("<p> y</p>");
    expect(warnings).toEqual(["Image 'media/a.png' not found", "Linked file 'media/b.pdf' not found"]);
  });

  it("never hands the resolver an absolute path or URL", () => {
    const seen: string[] = [];
    render("![a](/etc/passwd.png) ![b](https%3A%2F%2Fevil.example%2Fx.png) ![c](media/ok.png)", {
      resolveAsset: (p) => {
        seen.push(p);
        return resolveAsset(p);
      },
    });
    expect(seen).toEqual(["media/ok.png"]);
  });

  it("adds rel=noopener noreferrer (and no target) to external links", () => {
    const { html } = render('[site](https://example.com/a?b=1&c=2 "Title") [mail](mailto:help@example.com) <https://example.org>');
    expect(html).toContain('<a href="https://example.com/a?b=1&#x26;c=2" title="Title" rel="noopener noreferrer">site</a>');
    expect(html).toContain('<a href="mailto:help@example.com" rel="noopener noreferrer">mail</a>');
    expect(html).toContain('<a href="https://example.org" rel="noopener noreferrer">https://example.org</a>');
    expect(html).not.toContain("target=");
    assertSafeHtml(html);
  });

  it("keeps relative links, resolves linked files, and unwraps missing ones", () => {
    const { html, warnings } = render(
      "[next](next-activity) [top](#top) [home](/modules) [sheet](media/worksheet.pdf#page=2) [gone](media/missing.pdf)",
    );
    expect(html).toBe(
      '<p><a href="next-activity">next</a> <a href="#top">top</a> <a href="/modules">home</a> <a href="/assets/spotting-bias/media/worksheet.pdf#page=2">sheet</a> gone</p>',
    );
    expect(warnings).toEqual(["Linked file 'media/missing.pdf' not found"]);
  });

  it.each([
    ["numbered", "Claim.[^1]\n\n[^1]: Source."],
    ["named", "Claim.[^source-a]\n\n[^source-a]: Source."],
    ["oddly labelled", 'Claim.[^a"<b>&]\n\n[^a"<b>&]: Source.'],
  ])("renders %s footnotes whose links and ids match", (_name, markdown) => {
    const { html } = render(markdown);
    assertSafeHtml(html);
    const nodes = elements(parseOutput(html));
    const ids = [...new Set(nodes.map((n) => n.properties.id).filter((id) => typeof id === "string"))];
    const fragments = nodes
      .map((n) => n.properties.href)
      .filter((href): href is string => typeof href === "string" && href.startsWith("#"));
    expect(fragments.length).toBeGreaterThanOrEqual(2);
    for (const fragment of fragments) expect(ids).toContain(fragment.slice(1));
    const describedBy = nodes.find((n) => n.properties.ariaDescribedBy)?.properties.ariaDescribedBy;
    expect(ids).toContain(describedBy);
  });

  it("warns about raw HTML, which is removed", () => {
    const { html, warnings } = render("Hello <kbd>Ctrl</kbd> world\n\n<div>block</div>\n");
    expect(html).toBe("<p>Hello Ctrl world</p>");
    expect(warnings).toEqual([
      "Removed raw HTML '<kbd>': HTML is not allowed in course Markdown",
      "Removed raw HTML '<div>block</div>': HTML is not allowed in course Markdown",
    ]);
  });

  it("is deterministic, and the async and sync versions agree", async () => {
    const markdown = "# T\n\n> [!TIP]\n> x\n\n```js\nlet a = 1\n```\n\n![i](media/i.png)\n\n[l](https://e.com)";
    const first = render(markdown);
    expect(render(markdown)).toEqual(first);
    expect(await renderMarkdown(markdown, options)).toEqual(first);
  });

  it("renders the empty document as empty", () => {
    expect(render("")).toEqual({ html: "", warnings: [] });
  });

  it("refuses absurdly large input with a clear error", async () => {
    expect(() => render("a".repeat(600_000))).toThrow(/too large/);
    await expect(renderMarkdown("a".repeat(600_000))).rejects.toThrow(/too large/);
  });
});

// ---------------------------------------------------------------------------
// Hostile input
// ---------------------------------------------------------------------------

type HostileCase = {
  name: string;
  markdown: string;
  /** Text that must survive (proves the content was processed, not lost). */
  keeps?: string;
  /** A warning that must be reported. */
  warns?: RegExp;
};

const SVG_BASE64 = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').toString("base64");
const HTML_BASE64 = Buffer.from("<script>alert(1)</script>").toString("base64");
const UNSAFE_LINK = /^Removed unsafe link/;

const hostileCases: HostileCase[] = [
  { name: "script element", markdown: "<script>alert(1)</script>", warns: /raw HTML/ },
  { name: "inline script element", markdown: "Hi <script>alert(1)</script> there", keeps: "Hi", warns: /raw HTML/ },
  { name: "img onerror", markdown: "<img src=x onerror=alert(1)>" },
  { name: "inline img onerror", markdown: "a <img src=x onerror=alert(1)> b", keeps: "a" },
  { name: "javascript: link", markdown: "[x](javascript:alert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "mixed-case scheme", markdown: "[x](JaVaScRiPt:alert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "hex entity in scheme", markdown: "[x](java&#x73;cript:alert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "decimal entity in scheme", markdown: "[x](&#106;avascript:alert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "named entity colon", markdown: "[x](javascript&colon;alert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "leading space", markdown: "[x]( javascript:alert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "tab inside scheme", markdown: "[x](<java\tscript:alert(1)>)", keeps: "x", warns: UNSAFE_LINK },
  { name: "tab entity inside scheme", markdown: "[x](java&#x09;script:alert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "newline entity inside scheme", markdown: "[x](java&#10;script:alert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "newline inside scheme", markdown: "[x](java\nscript:alert(1))", keeps: "x" },
  { name: "control character before scheme", markdown: "[x](\u0001javascript:alert(1))", keeps: "x" },
  { name: "zero-width space inside scheme", markdown: "[x](java\u200bscript:alert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "percent-encoded scheme", markdown: "[x](%6Aavascript:alert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "unicode-escaped scheme", markdown: "[x](\\u006Aavascript:alert(1))", keeps: "x" },
  { name: "full-width scheme", markdown: "[x](ｊａｖａｓｃｒｉｐｔ:alert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "javascript with slashes", markdown: "[x](javascript://%0Aalert(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "data: link", markdown: `[x](data:text/html;base64,${HTML_BASE64})`, keeps: "x", warns: UNSAFE_LINK },
  { name: "upper-case data: link", markdown: "[x](DATA:text/html,<script>alert(1)</script>)" },
  { name: "data: svg image", markdown: `![x](data:image/svg+xml;base64,${SVG_BASE64})`, warns: /^Removed data: image/ },
  { name: "javascript: image", markdown: "![x](javascript:alert(1))", warns: /unsupported source/ },
  { name: "external tracking image", markdown: "![x](https://evil.example/pixel.gif)", warns: /^Removed external image/ },
  { name: "protocol-relative image", markdown: "![x](//evil.example/pixel.gif)", warns: /^Removed external image/ },
  { name: "backslash protocol-relative image", markdown: "![x](\\\\\\\\evil.example/pixel.gif)" },
  { name: "iframe", markdown: '<iframe src="https://evil.example"></iframe>' },
  { name: "svg with script", markdown: "<svg><script>alert(1)</script></svg>" },
  { name: "svg onload", markdown: "<svg onload=alert(1)>" },
  {
    name: "math payload",
    markdown: "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
  },
  { name: "math href", markdown: '<math href="javascript:alert(1)">CLICK</math>' },
  { name: "raw anchor with javascript", markdown: '<a href="javascript:alert(1)">x</a>' },
  { name: "style element", markdown: "<style>body { display: none }</style>" },
  { name: "style attribute", markdown: '<p style="position:fixed;top:0">x</p>' },
  { name: "form", markdown: '<form action="https://evil.example"><input name="password"><button>Go</button></form>' },
  { name: "object", markdown: '<object data="evil.swf"></object>' },
  { name: "embed", markdown: '<embed src="evil.swf">' },
  { name: "base href", markdown: '<base href="https://evil.example/">\n\n[x](page)', keeps: "x" },
  { name: "meta refresh", markdown: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">' },
  { name: "link stylesheet", markdown: '<link rel="stylesheet" href="https://evil.example/x.css">' },
  { name: "details ontoggle", markdown: "<details open ontoggle=alert(1)><summary>x</summary></details>" },
  { name: "noscript mXSS", markdown: '<noscript><p title="</noscript><img src=x onerror=alert(1)>">' },
  { name: "template", markdown: "<template><script>alert(1)</script></template>" },
  { name: "reference-style javascript link", markdown: "[x][1]\n\n[1]: javascript:alert(1)", keeps: "x", warns: UNSAFE_LINK },
  { name: "reference-style image", markdown: "![x][img]\n\n[img]: data:image/png;base64,AAAA", warns: /^Removed data: image/ },
  { name: "javascript autolink", markdown: "<javascript:alert(1)>", keeps: "javascript:alert(1)", warns: UNSAFE_LINK },
  { name: "vbscript autolink", markdown: "<vbscript:msgbox(1)>", warns: UNSAFE_LINK },
  { name: "literal autolink with javascript path", markdown: "www.example.com/javascript:alert(1)" },
  { name: "HTML comment hiding a script", markdown: "<!-- --><script>alert(1)</script> -->" },
  { name: "HTML comment payload", markdown: "a <!--<img src=x onerror=alert(1)>--> b", keeps: "a" },
  { name: "conditional comment", markdown: "<!--[if IE]><script>alert(1)</script><![endif]-->" },
  { name: "CDATA", markdown: "a <![CDATA[<script>alert(1)</script>]]> b" },
  {
    name: "callout containing payloads",
    markdown: "> [!WARNING]\n> <script>alert(1)</script>\n> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
    keeps: "Warning",
    warns: UNSAFE_LINK,
  },
  { name: "callout marker with payload", markdown: '> [!NOTE"><script>alert(1)</script>]\n> x' },
  { name: "code language breaking out", markdown: '```"><script>alert(1)</script>\nx\n```', keeps: "x" },
  { name: "code language with handler", markdown: "```x onmouseover=alert(1)\ny\n```", keeps: "y" },
  { name: "code containing HTML", markdown: "```html\n<script>alert(1)</script>\n```", keeps: "alert(1)" },
  { name: "inline code containing HTML", markdown: "`<img src=x onerror=alert(1)>`", keeps: "onerror" },
  { name: "heading with img onerror", markdown: "# <img src=x onerror=alert(1)>" },
  { name: "heading with script text", markdown: "# Hi <script>alert(1)</script>", keeps: "Hi" },
  { name: "link title breaking out", markdown: '[x](https://example.com "a\\" onmouseover=\\"alert(1)")', keeps: "x" },
  { name: "image title breaking out", markdown: "![x](media/a.png 'a\" onerror=\"alert(1)')" },
  { name: "image alt breaking out", markdown: '![x" onerror="alert(1)](media/a.png)' },
  { name: "vbscript: link", markdown: "[x](vbscript:msgbox(1))", keeps: "x", warns: UNSAFE_LINK },
  { name: "file: link", markdown: "[x](file:///etc/passwd)", keeps: "x", warns: UNSAFE_LINK },
  { name: "blob: link", markdown: "[x](blob:https://example.com/uuid)", keeps: "x", warns: UNSAFE_LINK },
  { name: "entity-encoded HTML stays text", markdown: "&lt;script&gt;alert(1)&lt;/script&gt;", keeps: "alert(1)" },
  { name: "task list with raw input", markdown: "- [ ] <input type=text onfocus=alert(1) autofocus>" },
  { name: "table cell payload", markdown: "| a |\n| - |\n| <img src=x onerror=alert(1)> [x](javascript:alert(1)) |", warns: UNSAFE_LINK },
  {
    name: "footnote payload",
    markdown: "x[^1]\n\n[^1]: [y](javascript:alert(1)) <script>alert(1)</script>",
    keeps: "y",
    warns: UNSAFE_LINK,
  },
  { name: "footnote label injection", markdown: 'x[^a"onmouseover="alert(1)]\n\n[^a"onmouseover="alert(1)]: y' },
  { name: "DOM clobbering heading", markdown: "# cookie\n\n# location\n\n# __proto__" },
  { name: "link wrapping image with handler", markdown: "[![x](media/a.png)](javascript:alert(1))", warns: UNSAFE_LINK },
  { name: "angle brackets in destination", markdown: "[x](<javascript:alert(1)>)", keeps: "x", warns: UNSAFE_LINK },
  { name: "null character", markdown: "[x](java\u0000script:alert(1)) \u0000<script>", keeps: "x" },
];

describe("renderMarkdown: hostile input", () => {
  it("has a substantial table of cases", () => {
    expect(hostileCases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(hostileCases.map((c) => c.name)).size).toBe(hostileCases.length);
  });

  it.each(hostileCases)("$name", async ({ markdown, keeps, warns }) => {
    const result = render(markdown);
    assertSafeHtml(result.html);
    // Belt and braces, on the raw string.
    expect(result.html).not.toMatch(/<script/i);
    expect(result.html).not.toMatch(/\s(?:href|src)="\s*(?:javascript|vbscript|data|file):/i);
    expect(result.html).not.toMatch(/<(iframe|svg|math|style|object|embed|form|base|meta)\b/i);
    expect(result.html).not.toMatch(/\sstyle=/i);
    if (keeps !== undefined) {
      expect(parseTextContent(result.html)).toContain(keeps);
    }
    if (warns) expect(result.warnings.some((w) => warns.test(w))).toBe(true);
    // The async pipeline is the same pipeline.
    expect(await renderMarkdown(markdown, options)).toEqual(result);
  });

  it("keeps safe title attributes escaped", () => {
    const { html } = render('[x](https://example.com "a\\" onmouseover=\\"alert(1)")');
    expect(html).toContain('title="a&#x22; onmouseover=&#x22;alert(1)"');
  });

  it("drops the class of a hostile code language but keeps the code", () => {
    const { html } = render('```"><script>alert(1)</script>\nx\n```');
    expect(html).toBe('<pre><code class="hljs">x\n</code></pre>');
  });

  // Speed is not asserted here (figures belong in bench/); the generous timeout only catches a hang.
  it("renders 200 KB of varied content", { timeout: 60_000 }, () => {
    const unit = [
      "## Section heading",
      "Some *emphasis*, **strong** text, a [link](https://example.com), `code` and a [bad](javascript:alert(1)) link <b>raw</b>.",
      "- item one\n- [ ] item two\n  - nested",
      "```python\ndef double(x):\n    return x * 2\n```",
      "> [!NOTE]\n> A callout with <script>alert(1)</script>.",
      "| a | b |\n| - | - |\n| 1 | 2 |",
      "![diagram](media/diagram.png) ![x](https://evil.example/x.png)",
      "",
    ].join("\n\n");
    const markdown = unit.repeat(Math.ceil(200_000 / unit.length));
    expect(markdown.length).toBeGreaterThanOrEqual(200_000);
    const { html, warnings } = render(markdown);
    expect(html.match(/<aside /g)?.length).toBe(Math.ceil(200_000 / unit.length));
    // Warnings are de-duplicated, so a long document does not flood authors.
    expect(warnings.length).toBeLessThan(10);
    assertSafeHtml(html);
  });

  it.each([
    ["pathological brackets", "[".repeat(200_000)],
    ["pathological angle brackets", "<".repeat(200_000)],
    ["one very long paragraph", "word ".repeat(40_000)],
    ["a very long code block", "```js\n" + "let x = 1;\n".repeat(18_000) + "```"],
  ])("survives 200 KB of %s", { timeout: 60_000 }, (_name, markdown) => {
    const { html } = render(markdown);
    expect(html.length).toBeGreaterThan(0);
    assertSafeHtml(html);
  });

  it.each([
    ["blockquotes, 1000 levels", ">".repeat(1000) + " deep"],
    ["lists, 1000 levels", "- ".repeat(1000) + "deep"],
    ["quotes and lists, 1000 levels", "> - ".repeat(500) + "deep"],
    ["indented lists, 400 levels", Array.from({ length: 400 }, (_, i) => " ".repeat(2 * i) + "- deep").join("\n")],
    ["blockquotes, 20000 levels", ">".repeat(20_000) + " deep"],
    ["lists, 20000 levels", "- ".repeat(20_000) + "deep"],
  ])("returns safe output for deeply nested %s", { timeout: 60_000 }, (_name, markdown) => {
    const { html, warnings } = render(markdown);
    expect(parseTextContent(html)).toContain("deep");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/nested/);
    assertSafeHtml(html);
  });

  it.each([
    ["blockquotes, 120 levels", ">".repeat(120) + " deep"],
    ["lists, 120 levels", "- ".repeat(120) + "deep"],
    ["emphasis, 2000 levels", "*".repeat(2000) + "deep" + "*".repeat(2000)],
    ["links, 1000 levels", "[".repeat(1000) + "deep" + "](x)".repeat(1000)],
  ])("flattens or renders moderately deep %s without crashing", (_name, markdown) => {
    const { html } = render(markdown);
    expect(parseTextContent(html)).toContain("deep");
    assertSafeHtml(html);
  });

  it("still renders the nested part that is within the limit", () => {
    const { html, warnings } = render(">".repeat(120) + " deep");
    expect(html.match(/<blockquote>/g)?.length).toBeGreaterThanOrEqual(90);
    expect(warnings).toEqual([
      "Content nested more than 100 levels deep was flattened to plain text. Reduce the nesting of lists or quotes.",
    ]);
  });
});

/** Concatenated text of the output, entities decoded. */
function parseTextContent(html: string): string {
  const parts: string[] = [];
  const pending: Array<Root | RootContent> = [parseOutput(html)];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === "text") parts.push(node.value);
    if ("children" in node) pending.push(...[...node.children].reverse());
  }
  return parts.join("");
}
