import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { cpdHoursProblem, maxCpdHours, moduleDetailsSchema, NewModuleSchema } from "./schemas.ts";

function form(values: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) for (const v of [value].flat()) data.append(key, v);
  return data;
}

const VALID = {
  title: "Questioning in class",
  summary: "How to ask questions that make every pupil think.",
  outcomes: "Plan hinge questions",
  audience: "primary-teachers",
  keyStages: "KS2",
  topics: "questioning",
  cpdHours: "1",
  revision: "3",
};

describe("CPD hours against the activities' minutes (pure)", () => {
  it("allows at most the activities' time, rounded up to the next half hour", () => {
    expect(maxCpdHours(0)).toBeNull(); // no activities yet: nothing to check against
    expect(maxCpdHours(4)).toBe(0.5);
    expect(maxCpdHours(30)).toBe(0.5);
    expect(maxCpdHours(31)).toBe(1);
    expect(maxCpdHours(120)).toBe(2);
    expect(maxCpdHours(129)).toBe(2.5);
  });

  it("says what the activities take and the most that can be claimed", () => {
    expect(cpdHoursProblem(2, 120)).toBeNull();
    expect(cpdHoursProblem(5, 0)).toBeNull();
    expect(cpdHoursProblem(3, 45)).toBe(
      "The activities take about 45 minutes in all, so the module can give at most 1 CPD hour. Lower the CPD hours, or add or lengthen activities first.",
    );
    expect(cpdHoursProblem(4, 95)).toMatch(/about 1 h 35 min in all, so the module can give at most 2 CPD hours/);
  });
});

describe("the module details form", () => {
  it("refuses a summary shorter than the course format allows, on the summary field", () => {
    const result = parseWithZod(form({ ...VALID, summary: "Too short" }), { schema: moduleDetailsSchema({ activityMinutes: 60 }) });
    expect(result.status).toBe("error");
    expect(result.reply().error?.summary).toEqual(["Write a summary of at least 10 characters: one or two sentences for the catalogue."]);
  });

  it("refuses more CPD hours than the activities take, on the CPD hours field", () => {
    const result = parseWithZod(form({ ...VALID, cpdHours: "3" }), { schema: moduleDetailsSchema({ activityMinutes: 45 }) });
    expect(result.status).toBe("error");
    expect(result.reply().error?.cpdHours?.[0]).toMatch(/at most 1 CPD hour\b/);
    expect(parseWithZod(form({ ...VALID, cpdHours: "1" }), { schema: moduleDetailsSchema({ activityMinutes: 45 }) }).status).toBe(
      "success",
    );
  });

  it("refuses CPD hours that are not whole or half hours, or not more than 0", () => {
    for (const [hours, message] of [
      ["1.25", "Use whole or half hours, e.g. 1 or 1.5."],
      ["0", "CPD hours must be more than 0."],
      ["-1", "CPD hours must be more than 0."],
    ]) {
      const result = parseWithZod(form({ ...VALID, cpdHours: hours! }), { schema: moduleDetailsSchema({ activityMinutes: 0 }) });
      expect(result.reply().error?.cpdHours, hours).toEqual([message]);
    }
  });
});

describe("a new module's id", () => {
  it("is optional (made from the title when left blank) and checked when typed", () => {
    const blank = parseWithZod(form({ ...VALID, moduleId: "" }), { schema: NewModuleSchema });
    expect(blank.status).toBe("success");
    expect(blank.status === "success" && blank.value.moduleId).toBeFalsy();
    const typed = parseWithZod(form({ ...VALID, moduleId: "Questioning-In-Class" }), { schema: NewModuleSchema });
    expect(typed.status === "success" && typed.value.moduleId).toBe("questioning-in-class");
    const bad = parseWithZod(form({ ...VALID, moduleId: "questioning in class" }), { schema: NewModuleSchema });
    expect(bad.reply().error?.moduleId).toEqual(["Use only lower-case letters, digits and single hyphens, e.g. questioning-in-class."]);
  });
});
