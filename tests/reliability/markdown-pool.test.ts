import { describe, expect, it } from "vitest";
import { previewMarkdown } from "~/modules/authoring/preview.server.ts";
import { renderAuthorMarkdown, RENDER_LIMITS, TOO_SLOW_MESSAGE } from "~/modules/catalog/markdown-pool.server.ts";
import { renderMarkdown } from "~/modules/catalog/markdown.server.ts";

/** Issue 11, item 5a: author Markdown renders off the request thread, within a time limit. */

/** Nested emphasis that passes the per-paragraph check but is slow: 500 nested pairs in each of many paragraphs. */
const SLOW = Array.from({ length: 40 }, () => "*a ".repeat(490) + "x" + " a*".repeat(490)).join("\n\n");

describe("the author Markdown pool", () => {
  it("renders exactly as the pipeline does, media paths included", async () => {
    const markdown = "# Title\n\nSee ![diagram](media/../media/d.png) and [a file](media/w.pdf).\n\n<script>x</script>";
    const assets = new Map([
      ["media/d.png", "/media/abc.png"],
      ["media/w.pdf", "/media/def.pdf"],
    ]);
    const direct = await renderMarkdown(markdown, { resolveAsset: (p) => assets.get(p.replace("media/../", "")) ?? null });
    expect(await renderAuthorMarkdown(markdown, { assets })).toEqual(direct);
  });

  it("keeps the event loop free and stops a slow render at the time limit with a clear message", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    const started = performance.now();
    const outcome = await renderAuthorMarkdown(SLOW).catch((error: unknown) => error);
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    expect(outcome).toMatchObject({ status: 400, message: TOO_SLOW_MESSAGE });
    expect(elapsed).toBeLessThan(RENDER_LIMITS.previewMs + 1_500);
    // The main thread kept running timers the whole time (a blocked thread would tick once).
    expect(ticks).toBeGreaterThan(elapsed / 50 / 3);
    // The pool replaced the worker: the next render works.
    expect((await renderAuthorMarkdown("*fine*")).html).toBe("<p><em>fine</em></p>");
  }, 20_000);

  it("turns the issue's 24 KB of nested emphasis into plain text with a warning, quickly", async () => {
    const hostile = "*a ".repeat(4000) + "x" + " a*".repeat(4000);
    const started = performance.now();
    const result = await renderAuthorMarkdown(hostile);
    expect(performance.now() - started).toBeLessThan(RENDER_LIMITS.previewMs);
    expect(result.warnings.join(" ")).toMatch(/too many to render/);
    expect(result.html.startsWith("<pre><code>")).toBe(true);
  });

  it("answers the preview with the message instead of hanging", async () => {
    const preview = await previewMarkdown(SLOW);
    expect(preview).toEqual({ html: "", warnings: [TOO_SLOW_MESSAGE] });
  }, 20_000);
});
