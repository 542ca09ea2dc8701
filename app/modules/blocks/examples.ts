/**
 * The example programs and the demo exercise's goals of the block editor demo (/dev/blocks), in one
 * place so the demo page and the tests that prove each example is a valid program use the same ones.
 * Pure.
 */
import type { Goal } from "./goals.ts";
import { emptyProgram, type Program } from "./program.ts";

export const EXAMPLE_PROGRAMS: Record<string, { label: string; program: Program }> = {
  empty: { label: "Just the green flag", program: emptyProgram() },
  square: {
    label: "Draw a square",
    program: {
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
  },
  spin: {
    label: "Spin for ever",
    program: {
      version: 1,
      scripts: [
        {
          type: "event_whenflagclicked",
          body: [
            { type: "looks_say", message: "Round and round!" },
            { type: "control_forever", body: [{ type: "motion_turnright", degrees: 15 }] },
          ],
        },
      ],
    },
  },
  runs: {
    label: "Count the runs (variables keep their values)",
    program: {
      version: 1,
      variables: ["runs"],
      scripts: [
        {
          type: "event_whenflagclicked",
          body: [
            { type: "data_changevariableby", name: "runs", by: 1 },
            { type: "looks_say", message: { type: "data_variable", name: "runs" } },
          ],
        },
      ],
    },
  },
  keys: {
    label: "Move with the arrow keys",
    program: {
      version: 1,
      scripts: [
        { type: "event_whenflagclicked", body: [{ type: "looks_sayforsecs", message: "Use the arrow keys", seconds: 2 }] },
        ...(["right arrow", "left arrow", "up arrow", "down arrow"] as const).map((key, i) => ({
          type: "event_whenkeypressed" as const,
          key,
          body: [
            { type: "motion_pointindirection" as const, direction: [90, -90, 0, 180][i]! },
            { type: "motion_movesteps" as const, steps: 20 },
          ],
        })),
      ],
    },
  },
  bounce: {
    label: "Bounce with a variable",
    program: {
      version: 1,
      variables: ["speed"],
      scripts: [
        {
          type: "event_whenflagclicked",
          body: [
            { type: "data_setvariableto", name: "speed", value: 8 },
            { type: "motion_pointindirection", direction: 45 },
            {
              type: "control_repeat",
              times: 60,
              body: [
                { type: "motion_movesteps", steps: { type: "data_variable", name: "speed" } },
                {
                  type: "control_if",
                  condition: { type: "sensing_touchingedge" },
                  body: [
                    { type: "motion_turnright", degrees: { type: "operator_random", from: 90, to: 180 } },
                    { type: "data_changevariableby", name: "speed", by: 1 },
                  ],
                },
              ],
            },
            { type: "looks_say", message: { type: "operator_multiply", left: { type: "data_variable", name: "speed" }, right: 2 } },
          ],
        },
      ],
    },
  },
};

/** The demo exercise: a square, with a loop, in few blocks. */
export const DEMO_GOALS: Goal[] = [
  {
    type: "visits",
    points: [
      { x: 100, y: 0 },
      { x: 100, y: -100 },
      { x: 0, y: -100 },
    ],
    inOrder: true,
  },
  { type: "position", x: 0, y: 0 },
  { type: "usesBlocks", blocks: ["control_repeat"] },
  { type: "maxBlocks", count: 6 },
  { type: "finishes" },
];
