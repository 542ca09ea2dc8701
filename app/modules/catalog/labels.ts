/**
 * What people read for each activity type and audience: one table for the catalogue, the lesson outline, the
 * preview and the editors (issue 13: three copies had drifted). Pure and typed against the course
 * format's types, so a new activity type cannot be added without its label.
 */
import type { ActivityType } from "./course-format/activity-types.ts";
import type { Audience } from "./course-format/module-file.ts";

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

/** Who a module (or, later, an event) is for: the catalogue's filter and the authoring form say the same. */
export const AUDIENCE_LABELS = {
  "primary-teachers": "Primary teachers",
  "secondary-teachers": "Secondary teachers",
  "secondary-computing-teachers": "Secondary computing teachers",
  "subject-leaders": "Subject leaders",
  headteachers: "Headteachers",
  "careers-leaders": "Careers leaders",
  "teaching-assistants": "Teaching assistants",
  "it-professionals": "IT professionals moving into teaching",
} as const satisfies Record<Audience, string>;
