import { describe, expect, it } from "vitest";
import { resumeActivity, summariseCompletion, type OutlineActivity } from "./progress.ts";

const outline: OutlineActivity[] = [
  { activityId: "a", required: true, position: 0 },
  { activityId: "b", required: true, position: 1 },
  { activityId: "c", required: false, position: 2 },
  { activityId: "d", required: true, position: 3 },
];

describe("summariseCompletion", () => {
  it("counts only required activities that still exist", () => {
    expect(summariseCompletion(outline, new Set(["a", "c", "removed"]))).toEqual({
      requiredCount: 3,
      completedRequired: 1,
      percent: 33,
      complete: false,
    });
  });
  it("is complete when every required activity is done, optional ones aside", () => {
    expect(summariseCompletion(outline, new Set(["a", "b", "d"]))).toMatchObject({ percent: 100, complete: true });
  });
  it("treats a module with nothing required as complete", () => {
    expect(summariseCompletion([{ activityId: "x", required: false, position: 0 }], new Set())).toMatchObject({
      complete: true,
      percent: 100,
    });
  });
});

describe("resumeActivity", () => {
  it("starts at the first activity", () => {
    expect(resumeActivity(outline, new Set(), null)).toBe("a");
  });
  it("returns to the last activity opened if it is not done", () => {
    expect(resumeActivity(outline, new Set(["a"]), "c")).toBe("c");
  });
  it("moves past the last activity once it is done", () => {
    expect(resumeActivity(outline, new Set(["a", "b"]), "b")).toBe("c");
  });
  it("goes back to an earlier gap when everything after is done", () => {
    expect(resumeActivity(outline, new Set(["b", "c", "d"]), "d")).toBe("a");
  });
  it("ignores a last activity that no longer exists", () => {
    expect(resumeActivity(outline, new Set(["a"]), "gone")).toBe("b");
  });
  it("stays on the last opened when everything is done", () => {
    expect(resumeActivity(outline, new Set(["a", "b", "c", "d"]), "b")).toBe("b");
  });
});
