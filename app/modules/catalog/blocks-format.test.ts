import { describe, expect, it } from "vitest";
import { ACTIVITY_TYPE_RULES, ACTIVITY_TYPES, parseActivityFrontMatter } from "./course-format/activity-types.ts";

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
      ': Unknown field "tolbox". Did you mean "toolbox"? Allowed fields here: id, title, minutes, type, toolbox, maxBlocks, start, stepLimit, starting, solution, wrongSolutions, goals, scene, hints.',
    ]);
  });
});

describe("blocks activities: the scene", () => {
  const scene = {
    backdrop: "island",
    markers: [{ kind: "treasure", x: -100, y: 0, label: "Treasure" }],
    obstacles: [
      { x: -20, y: -100, width: 40, height: 200, label: "wall" },
      { kind: "water", x: 100, y: -180, width: 40, height: 360, label: "River" },
    ],
  };

  it("accepts a backdrop, markers and obstacles and keeps them; a scene is optional", () => {
    const result = parseActivityFrontMatter(blocksData({ scene }));
    expect(issues(result)).toEqual([]);
    expect(result.data).toMatchObject({ scene });
    expect(issues(parseActivityFrontMatter(blocksData({ scene: { backdrop: "grid" } })))).toEqual([]);
    expect(parseActivityFrontMatter(blocksData()).data).not.toHaveProperty("scene");
  });

  it("refuses an unknown backdrop, marker kind or obstacle kind, with a suggestion and the list", () => {
    expect(issues(parseActivityFrontMatter(blocksData({ scene: { backdrop: "islnd" } })))).toEqual([
      'scene.backdrop: Unknown backdrop "islnd". Did you mean "island"? Use one of: plain, grid, island, pond.',
    ]);
    expect(issues(parseActivityFrontMatter(blocksData({ scene: { markers: [{ kind: "chest", x: 0, y: 0, label: "Chest" }] } })))).toEqual([
      'scene.markers.0.kind: Unknown kind "chest". Use one of: treasure, flag, star, spot.',
    ]);
    const lava = { kind: "lava", x: 0, y: 0, width: 10, height: 10, label: "Lava" };
    expect(issues(parseActivityFrontMatter(blocksData({ scene: { obstacles: [lava] } })))).toEqual([
      'scene.obstacles.0.kind: Unknown kind "lava". Use one of: wall, water.',
    ]);
  });

  it("keeps markers and obstacles inside the 480 × 360 stage", () => {
    const result = parseActivityFrontMatter(
      blocksData({
        scene: {
          markers: [{ kind: "flag", x: 250, y: -181, label: "Flag" }],
          obstacles: [
            { x: 200, y: 100, width: 50, height: 100, label: "Wall" },
            { x: 0, y: 0, width: 0, height: -5, label: "Hole" },
          ],
        },
      }),
    );
    expect(issues(result)).toEqual([
      "scene.markers.0.x: x must be between -240 and 240 (the stage is 480 × 360, centred on 0, 0).",
      "scene.markers.0.y: y must be between -180 and 180 (the stage is 480 × 360, centred on 0, 0).",
      "scene.obstacles.0.width: The obstacle goes past the right edge of the stage (x 200 + width 50 = 250, more than 240). (x, y) is its bottom-left corner: make it narrower or move it left.",
      "scene.obstacles.0.height: The obstacle goes past the top edge of the stage (y 100 + height 100 = 200, more than 180). (x, y) is its bottom-left corner: make it shorter or move it down.",
      "scene.obstacles.1.width: width must be more than 0 (in steps).",
      "scene.obstacles.1.height: height must be more than 0 (in steps).",
    ]);
  });

  it("requires short labels and refuses unknown fields", () => {
    const result = parseActivityFrontMatter(
      blocksData({
        scene: {
          markers: [
            { kind: "star", x: 0, y: 0 },
            { kind: "star", x: 0, y: 0, label: "  " },
            { kind: "star", x: 0, y: 0, label: "A star that has a very long label indeed!" },
          ],
          sky: "blue",
        },
      }),
    );
    expect(issues(result)).toEqual([
      'scene.markers.0.label: Missing required field "label". Add it (text).',
      "scene.markers.1.label: This is blank. Write some text, or remove the field if it is optional.",
      'scene.markers.2.label: Too long: a label is drawn on the stage and read aloud, so keep it to 40 characters or fewer (e.g. "Treasure").',
      'scene: Unknown field "sky". Remove it or fix the spelling. Allowed fields here: backdrop, markers, obstacles.',
    ]);
  });
});
