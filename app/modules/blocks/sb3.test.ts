import crypto from "node:crypto";
import JSZip from "jszip";
import { describe, expect, test } from "vitest";
import { BACKDROP_MD5, BACKDROP_SVG, COSTUME_MD5, COSTUME_SVG } from "./assets.ts";
import type { Program } from "./program.ts";
import { buildSb3, findScratchProblems, ScratchExportError, type ScratchBlock, toScratchProject } from "./sb3.ts";

const program: Program = {
  version: 1,
  variables: ["score"],
  scripts: [
    {
      type: "event_whenflagclicked",
      body: [
        { type: "data_setvariableto", name: "score", value: 0 },
        {
          type: "control_repeat",
          times: 4,
          body: [
            { type: "motion_movesteps", steps: 100 },
            { type: "motion_turnright", degrees: { type: "operator_add", left: { type: "data_variable", name: "score" }, right: 90 } },
          ],
        },
        {
          type: "control_if_else",
          condition: { type: "sensing_touchingedge" },
          body: [{ type: "looks_say", message: "Edge" }],
          else: [{ type: "looks_sayforsecs", message: "Hello!", seconds: 2 }],
        },
      ],
    },
    { type: "event_whenkeypressed", key: "space", body: [{ type: "control_forever", body: [{ type: "control_wait", seconds: 1 }] }] },
  ],
};

function byOpcode(blocks: Record<string, ScratchBlock>, opcode: string): [string, ScratchBlock] {
  const found = Object.entries(blocks).filter(([, b]) => b.opcode === opcode);
  expect(found, opcode).toHaveLength(1);
  return found[0]!;
}

describe("Download for Scratch (.sb3)", () => {
  test("the assets' names are the MD5 of their bytes, as Scratch requires", () => {
    const md5 = (s: string) => crypto.createHash("md5").update(s).digest("hex");
    expect(md5(COSTUME_SVG)).toBe(COSTUME_MD5);
    expect(md5(BACKDROP_SVG)).toBe(BACKDROP_MD5);
  });

  test("the zip holds project.json with the stage, a sprite and correctly linked blocks", async () => {
    const bytes = await buildSb3(program, { start: { x: -100, y: 50 } });
    const zip = await JSZip.loadAsync(bytes);
    expect(Object.keys(zip.files).sort()).toEqual([`${BACKDROP_MD5}.svg`, `${COSTUME_MD5}.svg`, "project.json"].sort());
    expect(await zip.file(`${COSTUME_MD5}.svg`)!.async("string")).toBe(COSTUME_SVG);

    const project = JSON.parse(await zip.file("project.json")!.async("string"));
    expect(project.meta.semver).toBe("3.0.0");
    const [stage, sprite] = project.targets;
    expect(stage).toMatchObject({ isStage: true, name: "Stage", blocks: {} });
    expect(stage.costumes[0]).toMatchObject({ assetId: BACKDROP_MD5, md5ext: `${BACKDROP_MD5}.svg`, dataFormat: "svg" });
    expect(Object.values(stage.variables)).toEqual([["score", 0]]);
    const [variableId] = Object.keys(stage.variables);
    expect(sprite).toMatchObject({ isStage: false, x: -100, y: 50, direction: 90, visible: true, rotationStyle: "all around" });
    expect(sprite.costumes[0]).toMatchObject({
      assetId: COSTUME_MD5,
      md5ext: `${COSTUME_MD5}.svg`,
      rotationCenterX: 20,
      rotationCenterY: 20,
    });

    const blocks: Record<string, ScratchBlock> = sprite.blocks;
    const [flagId, flag] = byOpcode(blocks, "event_whenflagclicked");
    const [setId, set] = byOpcode(blocks, "data_setvariableto");
    const [repeatId, repeat] = byOpcode(blocks, "control_repeat");
    const [moveId, move] = byOpcode(blocks, "motion_movesteps");
    const [turnId, turn] = byOpcode(blocks, "motion_turnright");
    const [addId, add] = byOpcode(blocks, "operator_add");
    const [ifId, ifElse] = byOpcode(blocks, "control_if_else");
    const [touchingId, touching] = byOpcode(blocks, "sensing_touchingobject");
    const [menuId, menu] = byOpcode(blocks, "sensing_touchingobjectmenu");

    expect(flag).toMatchObject({ parent: null, next: setId, topLevel: true });
    expect(set).toMatchObject({
      parent: flagId,
      next: repeatId,
      fields: { VARIABLE: ["score", variableId] },
      inputs: { VALUE: [1, [10, "0"]] },
    });
    expect(repeat).toMatchObject({ parent: setId, next: ifId, inputs: { TIMES: [1, [6, "4"]], SUBSTACK: [2, moveId] } });
    expect(move).toMatchObject({ parent: repeatId, next: turnId, inputs: { STEPS: [1, [4, "100"]] }, topLevel: false });
    expect(turn).toMatchObject({ parent: moveId, next: null, inputs: { DEGREES: [3, addId, [4, "15"]] } });
    expect(add).toMatchObject({ parent: turnId, inputs: { NUM1: [3, [12, "score", variableId], [4, ""]], NUM2: [1, [4, "90"]] } });
    expect(ifElse.inputs.CONDITION).toEqual([2, touchingId]);
    expect(touching).toMatchObject({ parent: ifId, inputs: { TOUCHINGOBJECTMENU: [1, menuId] } });
    expect(menu).toMatchObject({ shadow: true, parent: touchingId, fields: { TOUCHINGOBJECTMENU: ["_edge_", null] } });
    expect(blocks[ifElse.inputs.SUBSTACK![1] as string]!.opcode).toBe("looks_say");
    expect(blocks[ifElse.inputs.SUBSTACK2![1] as string]!.opcode).toBe("looks_sayforsecs");

    const [keyId, key] = byOpcode(blocks, "event_whenkeypressed");
    const [foreverId, forever] = byOpcode(blocks, "control_forever");
    expect(key).toMatchObject({ topLevel: true, fields: { KEY_OPTION: ["space", null] }, next: foreverId });
    expect(forever.parent).toBe(keyId);
    expect(blocks[forever.inputs.SUBSTACK![1] as string]).toMatchObject({ opcode: "control_wait", inputs: { DURATION: [1, [5, "1"]] } });

    // Every link points at a block that exists, and every parent knows its child.
    for (const [id, block] of Object.entries(blocks)) {
      if (block.next) expect(blocks[block.next]!.parent).toBe(id);
      if (block.parent) expect(blocks[block.parent]).toBeDefined();
    }
  });

  test("refuses what Scratch cannot hold, listing every problem", () => {
    const bad = {
      version: 1,
      scripts: [
        {
          type: "event_whenflagclicked",
          body: [
            { type: "control_if", condition: 1, body: [] },
            { type: "control_if", condition: { type: "data_variable", name: "ready" }, body: [] },
            { type: "pen_down" },
          ],
        },
      ],
    } as unknown as Program;
    const problems = findScratchProblems(bad);
    expect(problems).toEqual([
      "The “if then” block has a number or text in a true/false slot; Scratch only takes a true/false (pointed) block there.",
      "The “if then” block has a round block in a true/false slot; Scratch only takes a true/false (pointed) block there.",
      "Scratch has no “pen_down” block.",
    ]);
    expect(() => toScratchProject(bad)).toThrow(ScratchExportError);
    expect(findScratchProblems(program)).toEqual([]);
  });
});
