/**
 * What people read for each activity type: one table for the catalogue, the lesson outline, the
 * preview and the editors (issue 13: three copies had drifted). Pure and typed against the course
 * format's types, so a new activity type cannot be added without its label.
 */
import type { ActivityType } from "./course-format.ts";

export const ACTIVITY_TYPE_LABELS = {
  reading: "Reading",
  video: "Video",
  quiz: "Quiz",
  reflection: "Reflection",
  code: "Code exercise",
  blocks: "Block exercise",
} as const satisfies Record<ActivityType, string>;

/** The label for a type, or the type itself for one this version does not know (an old export, say). */
export function activityTypeLabel(type: string): string {
  return (ACTIVITY_TYPE_LABELS as Record<string, string>)[type] ?? type;
}
