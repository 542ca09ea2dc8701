import { describe, expect, test } from "vitest";
import {
  blockTypesUsed,
  countBlocks,
  describeExpr,
  emptyProgram,
  formatNumber,
  parseProgram,
  type Program,
  variablesOf,
} from "./program.ts";

const program: Program = {
  version: 1,
  scripts: [
    {
      type: "event_whenflagclicked",
      body: [
        { type: "data_setvariableto", name: "score", value: 0 },
        {
          type: "control_repeat",
          times: 3,
          body: [{ type: "motion_movesteps", steps: { type: "operator_random", from: 1, to: { type: "data_variable", name: "size" } } }],
        },
      ],
    },
    { type: "event_whenkeypressed", key: "space", body: [{ type: "looks_say", message: "Hi" }] },
  ],
};

describe("program model", () => {
  test("counts the blocks a learner placed, not the values typed into slots", () => {
    // 2 hats, set, repeat, move, random, variable, say
    expect(countBlocks(program)).toBe(8);
    expect(countBlocks(emptyProgram())).toBe(1);
  });

  test("lists the block types and variables used", () => {
    expect([...blockTypesUsed(program)].sort()).toEqual(
      [
        "control_repeat",
        "data_setvariableto",
        "data_variable",
        "event_whenflagclicked",
        "event_whenkeypressed",
        "looks_say",
        "motion_movesteps",
        "operator_random",
      ].sort(),
    );
    expect(variablesOf(program)).toEqual(["score", "size"]);
  });

  test("parses valid JSON and refuses anything else", () => {
    expect(parseProgram(JSON.parse(JSON.stringify(program)))).toEqual(program);
    expect(() => parseProgram({ version: 2, scripts: [] })).toThrow();
    expect(() => parseProgram({ version: 1, scripts: [{ type: "event_whenflagclicked", body: [{ type: "motion_fly" }] }] })).toThrow();
    expect(() => parseProgram({ version: 1, scripts: [{ type: "event_whenkeypressed", key: "q", body: [] }] })).toThrow();
    expect(() =>
      parseProgram({
        version: 1,
        scripts: [{ type: "event_whenflagclicked", body: [{ type: "motion_movesteps", steps: 1, extra: true }] }],
      }),
    ).toThrow();
  });

  test("describes values in plain text", () => {
    expect(describeExpr({ type: "operator_add", left: { type: "data_variable", name: "score" }, right: 1 })).toBe("(score + 1)");
    expect(describeExpr({ type: "operator_not", operand: { type: "sensing_keypressed", key: "up arrow" } })).toBe(
      "(not key up arrow pressed?)",
    );
    expect(describeExpr("Hello")).toBe("“Hello”");
    expect(formatNumber(-0.0001)).toBe("0");
    expect(formatNumber(1 / 3)).toBe("0.33");
  });
});
