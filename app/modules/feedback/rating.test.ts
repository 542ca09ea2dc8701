import { describe, expect, it } from "vitest";
import { describeAverage, RATING_COMMENT_MAX_LENGTH, RatingSchema } from "./rating.ts";

describe("RatingSchema", () => {
  it("accepts whole scores from 1 to 6, given as form strings or numbers", () => {
    expect(RatingSchema.parse({ score: "1" })).toEqual({ score: 1, comment: "" });
    expect(RatingSchema.parse({ score: 6, comment: "  Good pace  " })).toEqual({ score: 6, comment: "Good pace" });
  });

  it("refuses a missing, out-of-range or fractional score", () => {
    for (const score of [undefined, "", "0", "7", "4.5", "five"]) {
      const result = RatingSchema.safeParse({ score });
      expect(result.success, String(score)).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("Choose a rating from 1 to 6");
    }
  });

  it("limits the comment to 1000 characters", () => {
    expect(RatingSchema.safeParse({ score: 3, comment: "a".repeat(RATING_COMMENT_MAX_LENGTH) }).success).toBe(true);
    expect(RatingSchema.safeParse({ score: 3, comment: "a".repeat(RATING_COMMENT_MAX_LENGTH + 1) }).success).toBe(false);
  });
});

describe("describeAverage", () => {
  it("reads as the programmes' own scale", () => {
    expect(describeAverage(4.8, 23)).toBe("4.8 out of 6 from 23 ratings");
    expect(describeAverage(29 / 6, 6)).toBe("4.8 out of 6 from 6 ratings");
    expect(describeAverage(5, 1)).toBe("5.0 out of 6 from 1 rating");
  });
});
