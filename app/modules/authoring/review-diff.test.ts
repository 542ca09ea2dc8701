import { describe, expect, it } from "vitest";
import { diffDraftFiles, diffDraftMedia } from "./review-diff.ts";

const published = {
  moduleYaml: "id: m\ntitle: Questioning\n",
  files: [
    { path: "lessons/01-why.md", text: "---\nid: why\n---\nOne\nTwo\nThree\n" },
    { path: "lessons/02-old.md", text: "---\nid: old\n---\nGone soon\n" },
  ],
};

describe("what changed since the published version", () => {
  it("lists added, removed and changed files with their changed lines; unchanged files are left out", () => {
    const current = {
      moduleYaml: published.moduleYaml,
      files: [
        { path: "lessons/01-why.md", text: "---\nid: why\n---\nOne\nTwo, changed\nThree\n" },
        { path: "lessons/03-new.md", text: "---\nid: new\n---\nBrand new" },
      ],
    };
    const changes = diffDraftFiles(published, current);
    expect(changes.map((c) => [c.path, c.change, c.added, c.removed])).toEqual([
      ["lessons/01-why.md", "changed", 1, 1],
      ["lessons/02-old.md", "removed", 0, 4],
      ["lessons/03-new.md", "added", 4, 0],
    ]);
    const lines = changes[0]!.hunks.flatMap((h) => h.lines);
    expect(lines.filter((l) => l.kind !== "same")).toEqual([
      { kind: "removed", text: "Two", oldLine: 5 },
      { kind: "added", text: "Two, changed", newLine: 5 },
    ]);
    expect(lines.find((l) => l.text === "Three")).toEqual({ kind: "same", text: "Three", oldLine: 6, newLine: 6 });
  });

  it("before the first version, every file is new (module.yaml first)", () => {
    const changes = diffDraftFiles(null, published);
    expect(changes.map((c) => [c.path, c.change])).toEqual([
      ["module.yaml", "added"],
      ["lessons/01-why.md", "added"],
      ["lessons/02-old.md", "added"],
    ]);
  });

  it("a file rewritten beyond the limits is listed as changed without its lines, quickly", () => {
    const big = (seed: number) => Array.from({ length: 20_000 }, (_, i) => `line ${(i * seed) % 9973}`).join("\n");
    const started = Date.now();
    const [change] = diffDraftFiles(
      { moduleYaml: "", files: [{ path: "a.md", text: big(7) }] },
      {
        moduleYaml: "",
        files: [{ path: "a.md", text: big(13) }],
      },
    );
    expect(change).toMatchObject({ path: "a.md", change: "changed", tooLarge: true, hunks: [] });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("lists media attached, detached and replaced", () => {
    expect(
      diffDraftMedia(
        [
          { path: "media/a.png", assetId: "1" },
          { path: "media/b.png", assetId: "2" },
        ],
        [
          { path: "media/b.png", assetId: "3" },
          { path: "media/c.png", assetId: "4" },
        ],
      ),
    ).toEqual([
      { path: "media/a.png", change: "removed" },
      { path: "media/b.png", change: "replaced" },
      { path: "media/c.png", change: "added" },
    ]);
  });
});
