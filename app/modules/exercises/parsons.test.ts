import { describe, expect, it } from "vitest";
import {
  assembleParsons,
  initialParsonsState,
  parseParsonsState,
  placeParsonsBlock,
  seededShuffle,
  starterArrangementProblem,
  startingBlocks,
} from "./parsons.ts";

const lines = ["total = 0", "for n in [1, 2, 3]:", "    total = total + n", "print(total)"];

describe("Parsons problems", () => {
  it("shuffle the same way every time for the same activity, differently for another", () => {
    expect(seededShuffle([1, 2, 3, 4, 5, 6], "a")).toEqual(seededShuffle([1, 2, 3, 4, 5, 6], "a"));
    expect(seededShuffle([1, 2, 3, 4, 5, 6], "a")).not.toEqual(seededShuffle([1, 2, 3, 4, 5, 6], "b"));
    expect([...seededShuffle([1, 2, 3, 4, 5, 6], "a")].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("never start in the correct order, and strip Python indentation (placing it is the task)", () => {
    for (const id of ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]) {
      const blocks = startingBlocks({ activityId: id, language: "python", lines: ["a = 1", "b = 2"] });
      expect(blocks).toEqual(["b = 2", "a = 1"]);
    }
    const blocks = startingBlocks({ activityId: "x", language: "python", lines, distractors: ["total = n"] });
    expect([...blocks].sort()).toEqual(["for n in [1, 2, 3]:", "print(total)", "total = 0", "total = n", "total = total + n"]);
    expect(startingBlocks({ activityId: "x", language: "javascript", lines: ["if (a) {", "  b();", "}"] })).toContain("  b();");
  });

  it("start from the author's arrangement when one is given, and check it uses every block once", () => {
    expect(
      startingBlocks({
        activityId: "x",
        language: "python",
        lines,
        starter: "print(total)\ntotal = 0\n  total = total + n\nfor n in [1, 2, 3]:",
      }),
    ).toEqual(["print(total)", "total = 0", "total = total + n", "for n in [1, 2, 3]:"]);
    expect(starterArrangementProblem("print(total)\ntotal = 0\ntotal = total + n\nfor n in [1, 2, 3]:", lines)).toBeUndefined();
    expect(starterArrangementProblem("print(total)\ntotal = 1", lines)).toMatch(/"total = 1" is not one of parsons.lines/);
    expect(starterArrangementProblem("print(total)", lines)).toMatch(/leaves out "total = 0"/);
  });

  it("assemble the learner's arrangement into a program, four spaces a level in Python", () => {
    const puzzle = { blocks: ["print(total)", "total = total + n", "total = 0", "for n in [1, 2, 3]:"], indentable: true };
    const state = {
      used: [
        { block: 2, indent: 0 },
        { block: 3, indent: 0 },
        { block: 1, indent: 1 },
        { block: 0, indent: 0 },
      ],
      unused: [],
    };
    expect(assembleParsons(puzzle, state)).toBe("total = 0\nfor n in [1, 2, 3]:\n    total = total + n\nprint(total)");
    expect(assembleParsons({ ...puzzle, indentable: false }, state)).toBe(
      "total = 0\nfor n in [1, 2, 3]:\ntotal = total + n\nprint(total)",
    );
    expect(initialParsonsState(2)).toEqual({
      used: [
        { block: 0, indent: 0 },
        { block: 1, indent: 0 },
      ],
      unused: [],
    });
  });

  it("restore a saved arrangement only if it still fits the puzzle", () => {
    const saved = JSON.stringify({ used: [{ block: 1, indent: 1 }], unused: [0] });
    expect(parseParsonsState(saved, 2)).toEqual({ used: [{ block: 1, indent: 1 }], unused: [0] });
    expect(parseParsonsState(saved, 3)).toBeNull(); // a block is missing: the module changed
    expect(parseParsonsState(JSON.stringify({ used: [{ block: 1, indent: 0 }], unused: [1] }), 2)).toBeNull();
    expect(parseParsonsState("def f(): pass", 2)).toBeNull();
  });

  it("place a dragged block: reorder, indent, leave out and put back, within the puzzle's limits", () => {
    const start = { used: [0, 1, 2, 3].map((block) => ({ block, indent: 0 })), unused: [] };
    // Line 4 dragged to the top.
    expect(placeParsonsBlock(start, 3, { list: "used", index: 0, indent: 0 }, true).used.map((p) => p.block)).toEqual([3, 0, 1, 2]);
    // Dragged to the right: indented, never beyond the deepest level or below zero.
    expect(placeParsonsBlock(start, 2, { list: "used", index: 2, indent: 1 }, true).used[2]).toEqual({ block: 2, indent: 1 });
    expect(placeParsonsBlock(start, 2, { list: "used", index: 2, indent: 99 }, true).used[2]!.indent).toBe(6);
    expect(placeParsonsBlock(start, 2, { list: "used", index: 2, indent: -3 }, true).used[2]!.indent).toBe(0);
    expect(placeParsonsBlock(start, 2, { list: "used", index: 2, indent: 2 }, false).used[2]!.indent).toBe(0);
    // Left out, then put back at a position (an index past the end means the end).
    const without = placeParsonsBlock(start, 1, { list: "unused", index: 0 }, true);
    expect(without).toEqual({ used: [0, 2, 3].map((block) => ({ block, indent: 0 })), unused: [1] });
    expect(placeParsonsBlock(without, 1, { list: "used", index: 1, indent: 0 }, true)).toEqual(start);
    expect(placeParsonsBlock(without, 1, { list: "used", index: 10, indent: 0 }, true).used.map((p) => p.block)).toEqual([0, 2, 3, 1]);
    // A block that is not in the puzzle changes nothing.
    expect(placeParsonsBlock(start, 9, { list: "unused", index: 0 }, true)).toBe(start);
  });
});
