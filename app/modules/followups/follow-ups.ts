/**
 * "Did it change your classroom?" (docs/decisions/0062): the short follow-up a teacher is asked some
 * weeks after completing a module or attending a live event. Counts and key stages only: nothing
 * about a named pupil is asked or kept.
 */
import { z } from "zod";
import { KEY_STAGES } from "~/modules/catalog/course-format/module-file.ts";

export const USED_ANSWERS = { yes: "Yes, with learners", "not-yet": "Not yet, but I plan to", no: "No" } as const;
export type UsedAnswer = keyof typeof USED_ANSWERS;
/** Ask again, once, a week after the first email, if neither answered nor declined. */
export const FOLLOW_UP_REMINDER_DAYS = 7;
/** Nobody is asked about something older than this after it was due. */
export const FOLLOW_UP_ASK_WITHIN_DAYS = 60;

/** An optional count (Conform sends an empty field as undefined). */
const count = (what: string) =>
  z.coerce
    .number({ error: `Give the number of ${what} as a whole number, or leave it empty.` })
    .int({ error: `Give the number of ${what} as a whole number.` })
    .min(0, { error: `The number of ${what} cannot be negative.` })
    .max(5000, { error: `That is more ${what} than one teacher teaches; check the number.` })
    .optional();

export const FollowUpSchema = z
  .object({
    intent: z.literal("answer"),
    used: z.enum(Object.keys(USED_ANSWERS) as [UsedAnswer, ...UsedAnswer[]], { error: "Say whether you have used it with learners." }),
    learners: count("learners"),
    keyStages: z.array(z.enum(KEY_STAGES)).default([]),
    girls: count("girls"),
    changed: z.string().trim().max(2000, { error: "Keep it to 2,000 characters." }).default(""),
    wouldHelp: z.string().trim().max(1000, { error: "Keep it to 1,000 characters." }).default(""),
  })
  .refine((f) => f.girls === undefined || f.learners === undefined || f.girls <= f.learners, {
    path: ["girls"],
    error: "The number of girls cannot be more than the number of learners.",
  })
  .refine((f) => f.used === "yes" || (f.learners ?? 0) === 0, {
    path: ["learners"],
    error: 'Only give a number of learners if you answered "Yes, with learners".',
  });
export type FollowUpAnswer = z.output<typeof FollowUpSchema>;

export const DeclineSchema = z.object({ intent: z.literal("decline"), never: z.literal("on").optional() });
