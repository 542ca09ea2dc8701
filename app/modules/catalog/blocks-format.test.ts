import { describe, expect, it } from "vitest";
import { ACTIVITY_TYPE_RULES, ACTIVITY_TYPES, parseActivityFrontMatter } from "./course-format";

/** A valid `type: blocks` activity (the front matter of courses/README.md's example), as parsed YAML. */
function blocksData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "draw-a-square",
    type: "blocks",
    title: "Draw a square",
    minutes: 8,
    toolbox: ["event_whenflagclicked", "motion_movesteps", "motion_turnright", "control_repeat"],
    maxBlocks: 6,
    start: { x: -100, y: 0, direction: 90 },
    stepLimit: 2000,
    starting: { version: 1, scripts: [{ type: "event_whenflagclicked", body: [] }] },
    solution: {
      version: 1,
      scripts: [
        {
          type: "event_whenflagclicked",
          body: [
            {
              type: "control_repeat",
              times: 4,
              body: [
                { type: "motion_movesteps", steps: 100 },
                { type: "motion_turnright", degrees: 90 },
              ],
            },
          ],
        },
      ],
    },
    goals: [
      { type: "position", x: -100, y: 0 },
      { type: "usesBlocks", blocks: ["control_repeat"] },
    ],
    hints: ["A square has four equal sides."],
    ...overrides,
  };
}

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`);
}

const flag = (body: unknown[]) => ({ version: 1, scripts: [{ type: "event_whenflagclicked", body }] });

describe("blocks activities", () => {
  it("is a known activity type whose body (the prompt) is required", () => {
    expect(ACTIVITY_TYPES).toContain("blocks");
    expect(ACTIVITY_TYPE_RULES.blocks.body.required).toBe(true);
  });

  it("accepts the documented example and keeps every field", () => {
    const result = parseActivityFrontMatter(blocksData());
    expect(issues(result)).toEqual([]);
    expect(result.data).toMatchObject({ type: "blocks", maxBlocks: 6, stepLimit: 2000, start: { x: -100, y: 0, direction: 90 } });
  });

  it("defaults the start to the centre facing right, and hints to none", () => {
    const result = parseActivityFrontMatter(blocksData({ start: undefined, hints: undefined, maxBlocks: undefined, stepLimit: undefined }));
    expect(issues(result)).toEqual([]);
    expect(result.data).toMatchObject({ start: { x: 0, y: 0, direction: 90 }, hints: [] });
    const partial = parseActivityFrontMatter(blocksData({ start: { y: 50 } }));
    expect(partial.data).toMatchObject({ start: { x: 0, y: 50, direction: 90 } });
  });

  it("refuses unknown blocks in the toolbox, programs and goals, with a suggestion", () => {
    const result = parseActivityFrontMatter(
      blocksData({
        toolbox: ["event_whenflagclicked", "motion_movestep", "control_repeat"],
        solution: flag([{ type: "motion_turnrigth", degrees: 90 }]),
        goals: [{ type: "usesBlocks", blocks: ["control_repaet"] }],
      }),
    );
    expect(issues(result)).toEqual([
      'toolbox.1: Unknown block "motion_movestep". Did you mean "motion_movesteps"? Use a block name from the list in courses/README.md (e.g. motion_movesteps, control_repeat).',
      'solution.scripts.0.body.0.type: Unknown block "motion_turnrigth". Did you mean "motion_turnright"? Use a block name from the list in courses/README.md (e.g. motion_movesteps, control_repeat).',
      'goals.0.blocks.0: Unknown block "control_repaet". Did you mean "control_repeat"? Use a block name from the list in courses/README.md (e.g. motion_movesteps, control_repeat).',
    ]);
  });

  it("explains malformed programs field by field", () => {
    const result = parseActivityFrontMatter(
      blocksData({
        starting: undefined,
        solution: flag([{ type: "motion_movesteps" }, { type: "control_repeat", times: 4, bdy: [] }]),
        wrongSolutions: [{ version: 2, scripts: [] }],
      }),
    );
    expect(issues(result)).toEqual([
      'starting: Missing required field "starting". Add a program: { version: 1, scripts: [ ... ] } (the /dev/blocks page shows any program you build as JSON).',
      'solution.scripts.0.body.0.steps: Missing required field "steps". Add it: a number, some text or a reporter block.',
      'solution.scripts.0.body.1.body: Missing required field "body". Add it (a list (lines starting with "- ")).',
      'solution.scripts.0.body.1: Unknown field "bdy" in this block. Remove it or fix the spelling (the fields of each block are listed in courses/README.md).',
      "wrongSolutions.0.version: A program starts with version: 1.",
    ]);
  });

  it("checks goals, the start, limits and that goals only ask for blocks in the toolbox", () => {
    const result = parseActivityFrontMatter(
      blocksData({
        goals: [
          { type: "positon", x: 0, y: 0 },
          { type: "position", x: "10" },
          { type: "usesBlocks", blocks: ["looks_say"] },
        ],
        start: { x: 300, direction: 400 },
        maxBlocks: 0,
        stepLimit: 10,
      }),
    );
    expect(issues(result)).toEqual([
      "maxBlocks: `maxBlocks` must be at least 1.",
      "start.x: x must be between -240 and 240 (the stage is 480 × 360, centred on 0, 0).",
      "start.direction: direction is in degrees from -180 to 180 (90 = right, 0 = up, -90 = left, 180 = down).",
      "stepLimit: `stepLimit` must be at least 100 blocks run.",
      'goals.0.type: Unknown type "positon". Did you mean "position"? Use one of: position, direction, visits, said, usesBlocks, maxBlocks, finishes.',
      'goals.1.x: "x" should be a number, but is the text "10". Remove the quotes around the number.',
      'goals.1.y: Missing required field "y". Add it (a number).',
      'goals.2.blocks.0: The goal asks for "looks_say", but it is not in the toolbox, so learners could never use it. Add it to toolbox or change the goal.',
    ]);
  });

  it("needs at least one goal and one toolbox block, and rejects unknown fields", () => {
    const result = parseActivityFrontMatter(blocksData({ goals: [], toolbox: [], tolbox: [] }));
    expect(issues(result)).toEqual([
      "toolbox: The list is empty. Add at least one block (e.g. motion_movesteps).",
      "goals: The list is empty. Add at least one goal (e.g. { type: position, x: 0, y: 0 }).",
      ': Unknown field "tolbox". Did you mean "toolbox"? Allowed fields here: id, title, minutes, type, toolbox, maxBlocks, start, stepLimit, starting, solution, wrongSolutions, goals, hints.',
    ]);
  });
});
