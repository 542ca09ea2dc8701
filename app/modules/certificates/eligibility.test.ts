import { describe, expect, it } from "vitest";
import { decideEligibility } from "./eligibility.ts";

const activities = [
  { activityId: "read", required: true, position: 1 },
  { activityId: "quiz", required: true, position: 2 },
  { activityId: "extra", required: false, position: 3 },
];
const version = { number: 3, activities };
const at = (day: number) => new Date(Date.UTC(2026, 0, day, 12));

describe("decideEligibility", () => {
  it("is eligible once every required activity is complete, dated when the last one was", () => {
    const decision = decideEligibility({
      enrolled: true,
      version,
      completions: [
        { activityId: "quiz", completedAt: at(5) },
        { activityId: "read", completedAt: at(2) },
      ],
    });
    expect(decision).toEqual({ eligible: true, completedAt: at(5), versionNumber: 3 });
  });

  it("ignores optional activities, and completions of activities the module no longer has", () => {
    const decision = decideEligibility({
      enrolled: true,
      version,
      completions: [
        { activityId: "read", completedAt: at(2) },
        { activityId: "quiz", completedAt: at(3) },
        { activityId: "extra", completedAt: at(9) },
        { activityId: "removed-long-ago", completedAt: at(10) },
      ],
    });
    expect(decision).toMatchObject({ eligible: true, completedAt: at(3) });
  });

  it("refuses while required activities are left, saying how many", () => {
    expect(decideEligibility({ enrolled: true, version, completions: [{ activityId: "read", completedAt: at(1) }] })).toEqual({
      eligible: false,
      reason: "incomplete",
      message: "Complete the module first: 1 required activity is still to do.",
    });
    expect(decideEligibility({ enrolled: true, version, completions: [] })).toMatchObject({
      reason: "incomplete",
      message: expect.stringContaining("2 required activities are still to do"),
    });
  });

  it("refuses someone who is not enrolled, even with progress", () => {
    const completions = activities.map((a) => ({ activityId: a.activityId, completedAt: at(1) }));
    expect(decideEligibility({ enrolled: false, version, completions })).toMatchObject({ eligible: false, reason: "not-enrolled" });
  });

  it("refuses when nothing is published, or nothing is required", () => {
    expect(decideEligibility({ enrolled: true, version: null, completions: [] })).toMatchObject({ reason: "not-published" });
    const optionalOnly = { number: 1, activities: [{ activityId: "x", required: false, position: 1 }] };
    expect(decideEligibility({ enrolled: true, version: optionalOnly, completions: [] })).toMatchObject({ reason: "nothing-required" });
  });

  it("a new version with a new required activity needs that activity too", () => {
    const v2 = { number: 4, activities: [...activities, { activityId: "new-reading", required: true, position: 4 }] };
    const completions = [
      { activityId: "read", completedAt: at(1) },
      { activityId: "quiz", completedAt: at(2) },
    ];
    expect(decideEligibility({ enrolled: true, version, completions }).eligible).toBe(true);
    expect(decideEligibility({ enrolled: true, version: v2, completions })).toMatchObject({ eligible: false, reason: "incomplete" });
  });
});
