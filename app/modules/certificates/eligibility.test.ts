import { describe, expect, it } from "vitest";
import { decideEligibility, decidePace, paceFloorSeconds } from "./eligibility.ts";

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

describe("decidePace: completions implausibly faster than the stated minutes (ADR 0024)", () => {
  const t0 = new Date("2026-03-02T09:00:00Z");
  const after = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
  // A three-hour module: 12 required activities of 15 minutes; its floor is 18 minutes less 1.
  const long = Array.from({ length: 12 }, (_, i) => ({ activityId: `a${i}`, required: true, position: i, minutes: 15 }));
  const burst = (start: number, gap: number) => long.map((a, i) => ({ activityId: a.activityId, completedAt: after(start + i * gap) }));

  it("floors at a tenth of the required minutes less a minute's grace, so a module of ten minutes or less has none", () => {
    expect(paceFloorSeconds(180)).toBe(17 * 60);
    expect(paceFloorSeconds(10)).toBe(0);
    expect(paceFloorSeconds(4)).toBe(0);
    expect(paceFloorSeconds(15)).toBe(30);
  });

  it("flags a three-hour module done in seconds from enrolment", () => {
    const completions = burst(5, 2);
    const pace = decidePace({ enrolledAt: t0, activities: long, completions, completedAt: completions.at(-1)!.completedAt });
    expect(pace).toEqual({ plausible: false, startedAt: t0, tookSeconds: 27, floorSeconds: 1020 });
  });

  it("measures a burst long after enrolment from the start of its first activity, not from enrolment", () => {
    const completions = burst(7 * 24 * 3600, 2); // enrolled a week ago, everything done in 22 seconds today
    const pace = decidePace({ enrolledAt: t0, activities: long, completions, completedAt: completions.at(-1)!.completedAt });
    expect(pace.plausible).toBe(false);
    expect(pace.tookSeconds).toBe(15 * 60 + 22);
  });

  it("accepts an honest pace, even a quick one, and ignores completions of activities the module no longer has", () => {
    const completions = [...burst(15 * 60, 90), { activityId: "gone", completedAt: after(-30 * 24 * 3600) }]; // 15 min, then one every 90 s
    const pace = decidePace({ enrolledAt: t0, activities: long, completions, completedAt: after(15 * 60 + 11 * 90) });
    expect(pace).toMatchObject({ plausible: true, tookSeconds: 15 * 60 + 11 * 90 });
  });

  it("never flags a short module (the fixtures' few minutes)", () => {
    const short = [
      { activityId: "r1", required: true, position: 1, minutes: 2 },
      { activityId: "r2", required: true, position: 2, minutes: 2 },
    ];
    const completions = [
      { activityId: "r1", completedAt: after(0) },
      { activityId: "r2", completedAt: after(0) },
    ];
    expect(decidePace({ enrolledAt: t0, activities: short, completions, completedAt: after(0) }).plausible).toBe(true);
  });
});
