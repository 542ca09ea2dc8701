import { describe, expect, it } from "vitest";
import { type BlocksExerciseDefinition, checkBlocksDefinition } from "./exercise.ts";
import type { Program, Statement } from "./program.ts";
import { describeScene, type Scene, sceneProblems } from "./scene.ts";

const island: Scene = {
  backdrop: "island",
  markers: [{ kind: "treasure", x: 50, y: 50, label: "Treasure" }],
  obstacles: [{ x: -20, y: -100, width: 40, height: 200, label: "wall" }],
};

describe("describeScene", () => {
  it("lists the backdrop, each marker and each obstacle's corners, with real minus signs", () => {
    expect(describeScene(island)).toBe("Backdrop: island. Treasure at (50, 50). Obstacle: wall from (−20, −100) to (20, 100).");
  });

  it("says nothing without a scene, rounds like the rest of the stage and ends each part with one full stop", () => {
    expect(describeScene(undefined)).toBe("");
    expect(describeScene({})).toBe("");
    expect(describeScene({ markers: [{ kind: "flag", x: -12.5, y: 0.004, label: "Finish" }] })).toBe("Finish at (−12.5, 0).");
    expect(describeScene({ obstacles: [{ x: 0, y: 0, width: 10, height: 10, label: "Big rock." }] })).toBe(
      "Obstacle: Big rock. from (0, 0) to (10, 10).",
    );
  });
});

describe("sceneProblems", () => {
  const start = { x: -150, y: -100 };

  it("finds nothing wrong when each position goal has a marker and nothing is inside an obstacle", () => {
    expect(sceneProblems(island, { start, goals: [{ type: "position", x: 52, y: 48 }] })).toEqual([]);
    expect(sceneProblems(undefined, { start, goals: [{ type: "position", x: 0, y: 0 }] })).toEqual([]);
    // Without markers, the goal need not be shown.
    expect(sceneProblems({ backdrop: "grid" }, { start, goals: [{ type: "position", x: 0, y: 0 }] })).toEqual([]);
  });

  it("reports a position goal with no marker there, a marker inside an obstacle and a start inside one", () => {
    const scene: Scene = {
      markers: [
        { kind: "flag", x: 100, y: 100, label: "Flag" },
        { kind: "star", x: 0, y: 0, label: "Star" },
      ],
      obstacles: [{ x: -160, y: -110, width: 200, height: 20, label: "Wall" }, island.obstacles![0]!],
    };
    expect(sceneProblems(scene, { start, goals: [{ type: "finishes" }, { type: "position", x: 50, y: 50 }] })).toEqual([
      {
        path: ["goals", 1],
        message:
          "The goal asks the sprite to finish at (50, 50), but no marker in the scene is there, so the stage shows learners a different place. Add a marker at (50, 50) (within 10 steps) or move the goal.",
      },
      {
        path: ["scene", "markers", 1],
        message:
          "The marker “Star” is inside the obstacle “wall”, so the sprite would have to go through the obstacle to reach it. Move the marker or the obstacle.",
      },
      {
        path: ["scene", "obstacles", 0],
        message: "The sprite starts at (−150, −100), inside the obstacle “Wall”. Move the start or the obstacle.",
      },
    ]);
  });

  it("is part of checking an exercise's definition", () => {
    const flag = (...body: Statement[]): Program => ({ version: 1, scripts: [{ type: "event_whenflagclicked", body }] });
    const exercise: BlocksExerciseDefinition = {
      toolbox: ["event_whenflagclicked", "motion_movesteps"],
      start: { x: 0, y: 0, direction: 90 },
      goals: [{ type: "position", x: 50, y: 0 }],
      starting: flag(),
      solution: flag({ type: "motion_movesteps", steps: 50 }),
    };
    expect(checkBlocksDefinition({ ...exercise, scene: { markers: [{ kind: "flag", x: 50, y: 0, label: "Flag" }] } })).toEqual([]);
    const problems = checkBlocksDefinition({ ...exercise, scene: { markers: [{ kind: "flag", x: 50, y: 50, label: "Flag" }] } });
    expect(problems.map((p) => p.path)).toEqual([["goals", 0]]);
  });
});
