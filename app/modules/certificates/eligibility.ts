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

// ---------------------------------------------------------------------------------------------
// Pace (docs/decisions/0024): a completion much faster than the module's stated minutes is held
// for an admin to check instead of being certified.

/** The floor is this share of the required activities' stated minutes… */
export const PACE_FLOOR_SHARE = 0.1;
/** …less this much grace, so a module of ten minutes or less (a fast reader's few minutes) has none. */
export const PACE_GRACE_SECONDS = 60;

/** The shortest plausible time, in seconds, for required activities that state `minutes` in all. */
export function paceFloorSeconds(requiredMinutes: number): number {
  return Math.max(0, Math.round(requiredMinutes * 60 * PACE_FLOOR_SHARE - PACE_GRACE_SECONDS));
}

export type PaceFacts = {
  enrolledAt: Date;
  activities: (OutlineActivity & { minutes: number })[];
  completions: { activityId: string; completedAt: Date }[];
  /** When the last required activity was completed (EligibilityDecision.completedAt). */
  completedAt: Date;
};

export type PaceDecision = { plausible: boolean; startedAt: Date; tookSeconds: number; floorSeconds: number };

/**
 * Measured from when the work could have begun, the later of enrolment and the start of the first
 * activity completed (its completion less its stated minutes), to the last required activity; so
 * enrolling early and completing everything later in a burst is measured from the burst.
 */
export function decidePace(facts: PaceFacts): PaceDecision {
  const minutes = new Map(facts.activities.map((a) => [a.activityId, a.minutes]));
  const floorSeconds = paceFloorSeconds(facts.activities.filter((a) => a.required).reduce((sum, a) => sum + a.minutes, 0));
  const ours = facts.completions.filter((c) => minutes.has(c.activityId));
  const first = ours.reduce<{ activityId: string; completedAt: Date } | null>(
    (earliest, c) => (!earliest || c.completedAt < earliest.completedAt ? c : earliest),
    null,
  );
  const firstStart = first ? first.completedAt.getTime() - minutes.get(first.activityId)! * 60_000 : facts.enrolledAt.getTime();
  const startedAt = new Date(Math.max(facts.enrolledAt.getTime(), firstStart));
  const tookSeconds = Math.max(0, Math.floor((facts.completedAt.getTime() - startedAt.getTime()) / 1000));
  return { plausible: tookSeconds >= floorSeconds, startedAt, tookSeconds, floorSeconds };
}
