import { describe, expect, test } from "vitest";
import { BLOCK_TYPES, type Program } from "~/modules/blocks/program.ts";
import { blockDefinitions, buildToolbox, programToWorkspace, type WorkspaceState, workspaceToProgram } from "./block-definitions.ts";

const program: Program = {
  version: 1,
  variables: ["score"],
  scripts: [
    {
      type: "event_whenflagclicked",
      body: [
        { type: "data_setvariableto", name: "score", value: "0" },
        { type: "motion_gotoxy", x: -100, y: { type: "operator_random", from: 1, to: 10 } },
        {
          type: "control_repeat",
          times: 4,
          body: [
            { type: "motion_movesteps", steps: { type: "data_variable", name: "score" } },
            { type: "motion_turnright", degrees: 90 },
            { type: "data_changevariableby", name: "score", by: 10 },
          ],
        },
        {
          type: "control_if_else",
          condition: { type: "operator_and", left: { type: "sensing_touchingedge" }, right: null },
          body: [{ type: "looks_sayforsecs", message: "Ouch", seconds: 1 }],
          else: [{ type: "looks_say", message: "Fine" }, { type: "looks_hide" }],
        },
        { type: "control_forever", body: [] },
      ],
    },
    { type: "event_whenkeypressed", key: "left arrow", body: [{ type: "motion_turnleft", degrees: 15 }] },
  ],
};

describe("block definitions", () => {
  test("every block of the model has a Blockly definition, plus the two value shadows", () => {
    const types = blockDefinitions().map((d) => d.type);
    expect(types.sort()).toEqual([...BLOCK_TYPES, "math_number", "text"].sort());
    const forever = blockDefinitions().find((d) => d.type === "control_forever")!;
    expect(forever).not.toHaveProperty("nextStatement");
    expect(forever.message1).toBe("%1");
  });

  test("a program survives the trip to Blockly's workspace JSON and back", () => {
    const state = JSON.parse(JSON.stringify(programToWorkspace(program))) as WorkspaceState;
    expect(state.variables).toEqual([{ name: "score", id: "var-score" }]);
    expect(workspaceToProgram(state)).toEqual({ program, looseBlocks: 0 });
  });

  test("blocks not under a hat are counted as loose and left out", () => {
    const state: WorkspaceState = {
      blocks: {
        languageVersion: 0,
        blocks: [
          {
            type: "event_whenflagclicked",
            next: { block: { type: "motion_movesteps", inputs: { STEPS: { shadow: { type: "math_number", fields: { NUM: 5 } } } } } },
          },
          {
            type: "motion_turnright",
            inputs: { DEGREES: { shadow: { type: "math_number", fields: { NUM: 15 } }, block: { type: "operator_add" } } },
            next: { block: { type: "looks_show" } },
          },
        ],
      },
    };
    const { program: converted, looseBlocks } = workspaceToProgram(state);
    expect(converted.scripts).toEqual([{ type: "event_whenflagclicked", body: [{ type: "motion_movesteps", steps: 5 }] }]);
    expect(looseBlocks).toBe(3);
  });

  test("the toolbox can be narrowed to some categories and blocks", () => {
    const toolbox = buildToolbox({
      categories: ["events", "motion", "control"],
      blocks: ["event_whenflagclicked", "motion_movesteps", "motion_turnright", "control_repeat"],
    });
    const contents = (toolbox as { contents: { name: string; contents: { type?: string; inputs?: unknown }[] }[] }).contents;
    expect(contents.map((c) => c.name)).toEqual(["Events", "Motion", "Control"]);
    expect(contents[1]!.contents.map((b) => b.type)).toEqual(["motion_movesteps", "motion_turnright"]);
    expect(contents[1]!.contents[0]!.inputs).toEqual({ STEPS: { shadow: { type: "math_number", fields: { NUM: 10 } } } });
    const all = buildToolbox() as { contents: { name: string }[] };
    expect(all.contents.map((c) => c.name)).toEqual(["Events", "Motion", "Looks", "Control", "Sensing", "Operators", "Variables"]);
  });
});
