/**
 * Feedback on live events out of 6 (docs/decisions/0058), without I/O: the form, the consent to be
 * quoted and how a quote is attributed, and the figures organisers and funders ask for (n, mean to
 * two decimal places, median and the 1–6 distribution), computed from the raw scores.
 */
import { z } from "zod";
import { ROLES_IN_SCHOOL, type RoleInSchool } from "~/modules/auth/account-schema.ts";
import { RATING_MAX } from "~/modules/feedback/rating.ts";

export const QuoteConsent = { none: "none", anonymous: "anonymous", role: "role", nameAndSchool: "name-and-school" } as const;
export type QuoteConsent = (typeof QuoteConsent)[keyof typeof QuoteConsent];
export const QUOTE_CONSENTS = Object.values(QuoteConsent);
export const QUOTE_CONSENT_LABELS: Record<QuoteConsent, string> = {
  none: "No, do not quote me",
  anonymous: "Yes, anonymously",
  role: "Yes, with my role only (e.g. “Computing or subject leader”)",
  "name-and-school": "Yes, with my name and school",
};

const TEXT_MAX = 1500;
const answer = (what: string) =>
  z
    .string()
    .trim()
    .max(TEXT_MAX, { error: `Keep ${what} to ${TEXT_MAX} characters or fewer.` })
    .optional()
    .transform((v) => v ?? "");

export const EventFeedbackSchema = z.object({
  score: z.coerce
    .number({ error: "Choose a rating from 1 to 6." })
    .int({ error: "Choose a rating from 1 to 6." })
    .min(1, { error: "Choose a rating from 1 to 6." })
    .max(RATING_MAX, { error: "Choose a rating from 1 to 6." }),
  comment: answer("your comment"),
  changes: answer("what you will do differently"),
  impact: answer("the impact on your learners"),
  quoteConsent: z.enum(QUOTE_CONSENTS, { error: "Say whether we may quote you." }),
});
export type EventFeedbackInput = z.infer<typeof EventFeedbackSchema>;

/** Who a consented quote is from, as the person allowed; null when they did not consent. */
export function attribution(consent: string, person: { name: string; organisationName: string; roleInSchool: string }): string | null {
  switch (consent) {
    case QuoteConsent.nameAndSchool:
      return `${person.name}, ${person.organisationName}`;
    case QuoteConsent.role:
      return ROLES_IN_SCHOOL[person.roleInSchool as RoleInSchool] ?? "A participant";
    case QuoteConsent.anonymous:
      return "A participant";
    default:
      return null;
  }
}

export type ScoreSummary = {
  n: number;
  /** Rounded to two decimal places; null with no responses. */
  mean: number | null;
  median: number | null;
  /** Counts of 1, 2, … 6, in that order. */
  distribution: number[];
};

export function summariseScores(scores: readonly number[]): ScoreSummary {
  const distribution = Array.from({ length: RATING_MAX }, (_, i) => scores.filter((s) => s === i + 1).length);
  const valid = scores.filter((s) => Number.isInteger(s) && s >= 1 && s <= RATING_MAX).sort((a, b) => a - b);
  if (valid.length === 0) return { n: 0, mean: null, median: null, distribution };
  const mid = Math.floor(valid.length / 2);
  const median = valid.length % 2 ? valid[mid]! : (valid[mid - 1]! + valid[mid]!) / 2;
  const mean = Math.round((valid.reduce((sum, s) => sum + s, 0) / valid.length) * 100) / 100;
  return { n: valid.length, mean, median, distribution };
}

/** "5.58 out of 6" (always two decimal places, as funders' reports quote it). */
export const formatMean = (mean: number) => `${mean.toFixed(2)} out of ${RATING_MAX}`;
