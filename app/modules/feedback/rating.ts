import { z } from "zod";

/** Ratings are out of 6, as the programmes Pathways serves rate their live courses (ADR 0015). */
export const RATING_MAX = 6;
export const RATING_COMMENT_MAX_LENGTH = 1000;
/** The catalogue shows a module's average only from this many ratings (fewer is noise). */
export const PUBLIC_RATING_MIN_COUNT = 5;
/** How many recent comments an author sees per module. */
export const RECENT_COMMENTS = 5;

export const RATING_LABELS: Record<number, string> = {
  1: "Very poor",
  2: "Poor",
  3: "Fair",
  4: "Good",
  5: "Very good",
  6: "Excellent",
};

export const RatingSchema = z.object({
  score: z.coerce
    .number({ message: "Choose a rating from 1 to 6" })
    .int("Choose a rating from 1 to 6")
    .min(1, "Choose a rating from 1 to 6")
    .max(RATING_MAX, "Choose a rating from 1 to 6"),
  comment: z
    .string()
    .trim()
    .max(RATING_COMMENT_MAX_LENGTH, `Your comment must be ${RATING_COMMENT_MAX_LENGTH} characters or fewer`)
    .optional()
    .transform((c) => c ?? ""),
});
export type RatingInput = z.infer<typeof RatingSchema>;

/** "4.8 out of 6 from 23 ratings" (one decimal place; "1 rating" in the singular). */
export function describeAverage(average: number, count: number): string {
  return `${average.toFixed(1)} out of ${RATING_MAX} from ${count} rating${count === 1 ? "" : "s"}`;
}
