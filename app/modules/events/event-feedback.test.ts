import { describe, expect, it } from "vitest";
import { attribution, EventFeedbackSchema, formatMean, summariseScores } from "./event-feedback.ts";

describe("feedback figures", () => {
  it("computes n, the mean to two decimal places, the median and the 1–6 distribution from the raw scores", () => {
    // 12 responses averaging 5.58, like the programme's reported figure.
    const scores = [6, 6, 6, 6, 6, 6, 6, 6, 5, 5, 4, 5];
    const summary = summariseScores(scores);
    expect(summary).toEqual({ n: 12, mean: 5.58, median: 6, distribution: [0, 0, 0, 1, 3, 8] });
    expect(summary.distribution.reduce((a, b) => a + b, 0)).toBe(scores.length);
    expect(formatMean(summary.mean!)).toBe("5.58 out of 6");
    expect(summariseScores([1, 6])).toMatchObject({ mean: 3.5, median: 3.5 });
    expect(summariseScores([2, 3, 3, 6])).toMatchObject({ mean: 3.5, median: 3 });
    expect(summariseScores([])).toEqual({ n: 0, mean: null, median: null, distribution: [0, 0, 0, 0, 0, 0] });
    expect(formatMean(5)).toBe("5.00 out of 6");
  });

  it("attributes a quote only as the person allowed", () => {
    const person = { name: "Nia Roberts", organisationName: "Riverside Primary", roleInSchool: "computing-lead" };
    expect(attribution("name-and-school", person)).toBe("Nia Roberts, Riverside Primary");
    expect(attribution("role", person)).toBe("Computing or subject leader");
    expect(attribution("anonymous", person)).toBe("A participant");
    expect(attribution("none", person)).toBeNull();
    expect(attribution("anything else", person)).toBeNull();
  });

  it("needs a score from 1 to 6 and an answer about quoting", () => {
    expect(EventFeedbackSchema.safeParse({ score: "7", quoteConsent: "none" }).success).toBe(false);
    expect(EventFeedbackSchema.safeParse({ score: "6" }).success).toBe(false);
    expect(EventFeedbackSchema.parse({ score: "6", quoteConsent: "anonymous", comment: "  Great  " })).toEqual({
      score: 6,
      comment: "Great",
      changes: "",
      impact: "",
      quoteConsent: "anonymous",
    });
  });
});
