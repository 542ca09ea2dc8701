/**
 * Pure progress rules: no I/O. Completion is keyed by stable activity ids, so a new version of a
 * module keeps what a learner did for activities that still exist; removed activities stop counting.
 */
export const REFLECTION_MAX_LENGTH = 20_000;

export type OutlineActivity = { activityId: string; required: boolean; position: number };

export type CompletionSummary = {
  requiredCount: number;
  completedRequired: number;
  percent: number;
  complete: boolean;
};

export function summariseCompletion(activities: OutlineActivity[], completed: ReadonlySet<string>): CompletionSummary {
  const required = activities.filter((a) => a.required);
  const completedRequired = required.filter((a) => completed.has(a.activityId)).length;
  const requiredCount = required.length;
  const percent = requiredCount === 0 ? 100 : Math.floor((completedRequired / requiredCount) * 100);
  return { requiredCount, completedRequired, percent, complete: completedRequired === requiredCount };
}

/**
 * Where "Continue" goes: the last activity the learner opened if it still exists and is not done,
 * else the first activity after it that is not done, else the first not done, else the last opened
 * (or the first activity).
 */
export function resumeActivity(
  activities: OutlineActivity[],
  completed: ReadonlySet<string>,
  lastActivityId: string | null,
): string | undefined {
  const ordered = [...activities].sort((a, b) => a.position - b.position);
  const lastIndex = lastActivityId ? ordered.findIndex((a) => a.activityId === lastActivityId) : -1;
  if (lastIndex >= 0 && !completed.has(ordered[lastIndex]!.activityId)) return ordered[lastIndex]!.activityId;
  const after = ordered.slice(lastIndex + 1).find((a) => !completed.has(a.activityId));
  if (after) return after.activityId;
  const anyOpen = ordered.find((a) => !completed.has(a.activityId));
  if (anyOpen) return anyOpen.activityId;
  return (lastIndex >= 0 ? ordered[lastIndex] : ordered[0])?.activityId;
}
