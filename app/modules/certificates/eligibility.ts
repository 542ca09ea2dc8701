/**
 * Certificate eligibility (pure, no I/O): has this learner completed every required activity of
 * the module as it is published now, according to the stored progress? The same rule as the
 * progress bar (`summariseCompletion`), so the page never offers a certificate the server refuses.
 */
import { summariseCompletion, type OutlineActivity } from "~/modules/progress/progress.ts";

export type EligibilityFacts = {
  enrolled: boolean;
  /** The module's current published version, or null when nothing is published. */
  version: { number: number; activities: OutlineActivity[] } | null;
  /** The learner's completed activities in this module (completion is never taken back). */
  completions: { activityId: string; completedAt: Date }[];
};

export type IneligibleReason = "not-enrolled" | "not-published" | "nothing-required" | "incomplete";

export type EligibilityDecision =
  { eligible: true; completedAt: Date; versionNumber: number } | { eligible: false; reason: IneligibleReason; message: string };

export function decideEligibility(facts: EligibilityFacts): EligibilityDecision {
  if (!facts.enrolled) {
    return { eligible: false, reason: "not-enrolled", message: "Enrol in this module and complete it to get a certificate." };
  }
  if (!facts.version) {
    return {
      eligible: false,
      reason: "not-published",
      message: "This module is not available at the moment, so no certificate can be issued.",
    };
  }
  const done = new Map(facts.completions.map((c) => [c.activityId, c.completedAt]));
  const summary = summariseCompletion(facts.version.activities, new Set(done.keys()));
  if (summary.requiredCount === 0) {
    return { eligible: false, reason: "nothing-required", message: "This module has no required activities, so it has no certificate." };
  }
  if (!summary.complete) {
    const left = summary.requiredCount - summary.completedRequired;
    return {
      eligible: false,
      reason: "incomplete",
      message: `Complete the module first: ${left} required activit${left === 1 ? "y is" : "ies are"} still to do.`,
    };
  }
  // Completed when the last required activity was: a fact of the stored progress, not of the request.
  const completedAt = new Date(
    Math.max(...facts.version.activities.filter((a) => a.required).map((a) => done.get(a.activityId)!.getTime())),
  );
  return { eligible: true, completedAt, versionNumber: facts.version.number };
}
