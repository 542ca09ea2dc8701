/**
 * The course format, part 2 of 4: module.yaml (title, audience, outcomes, sections, completion…).
 * Split from course-format.ts along its section banners (issue 13); pure, like the rest of the format.
 */
import { z } from "zod";
import {
  courseErrorMap,
  isRecord,
  isoDateSchema,
  relativePath,
  sizedText,
  stableIdSchema,
  strictObject,
  text,
  uniqueItems,
} from "../course-format.ts";

// ---------------------------------------------------------------------------
// module.yaml
// ---------------------------------------------------------------------------

export const AUDIENCES = [
  "primary-teachers",
  "secondary-teachers",
  "secondary-computing-teachers",
  "subject-leaders",
  "headteachers",
  "careers-leaders",
  "teaching-assistants",
  "it-professionals",
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const KEY_STAGES = ["KS1", "KS2", "KS3", "KS4", "KS5"] as const;
export type KeyStage = (typeof KEY_STAGES)[number];

export const AUTHOR_ROLES = ["author", "contributor", "industry-partner", "reviewer"] as const;
export type AuthorRole = (typeof AUTHOR_ROLES)[number];

export function nonEmptyList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).min(1, { error: `The list is empty. Add at least one ${what}.` });
}

export const availabilitySchema = strictObject({
  from: isoDateSchema.optional(),
  until: isoDateSchema.optional(),
}).refine((value) => value.from === undefined || value.until === undefined || value.until > value.from, {
  path: ["until"],
  error: "`until` must be a later date than `from`. Swap or correct the dates.",
});
export type Availability = z.output<typeof availabilitySchema>;

export const authorSchema = strictObject({
  name: text(),
  role: z.enum(AUTHOR_ROLES),
  organisation: text().optional(),
});
export type Author = z.output<typeof authorSchema>;

export const completionSchema = strictObject({
  required: z.union([z.literal("all"), nonEmptyList(stableIdSchema, "activity id")], {
    error: (issue) =>
      issue.code !== "invalid_union"
        ? undefined
        : issue.input === undefined
          ? `Missing required field "required". Add required: all (or a list of activity ids).`
          : `Use either "all" (every activity must be completed) or a list of activity ids, e.g. [intro-reading, final-quiz].`,
  }),
});
export type Completion = z.output<typeof completionSchema>;

export const sectionSchema = strictObject({
  title: text(),
  activities: nonEmptyList(relativePath([".md"]), "activity file (e.g. 01-introduction.md)"),
});
export type Section = z.output<typeof sectionSchema>;

/** Checks that each activity file is listed in only one place across all sections. */
const sectionsSchema = nonEmptyList(sectionSchema, "section").superRefine(
  (sections: unknown, ctx) => {
    if (!Array.isArray(sections)) return;
    const seen = new Map<string, string>();
    sections.forEach((section: unknown, s) => {
      if (!isRecord(section) || !Array.isArray(section.activities)) return;
      section.activities.forEach((file: unknown, a) => {
        if (typeof file !== "string") return;
        const first = seen.get(file);
        if (first === undefined) {
          seen.set(file, `sections[${s}].activities[${a}]`);
          return;
        }
        ctx.addIssue({
          code: "custom",
          path: [s, "activities", a],
          message: `"${file}" is already listed at ${first}. Each activity file may be used once: remove this entry.`,
        });
      });
    });
  },
  { when: (payload) => Array.isArray(payload.value) },
);

export const moduleFileSchema = strictObject({
  id: stableIdSchema,
  title: sizedText(3, 120),
  summary: sizedText(10, 300),
  description: text().optional(),
  outcomes: nonEmptyList(text(), "learning outcome"),
  audience: uniqueItems(nonEmptyList(z.enum(AUDIENCES), "audience"), {
    what: "audience",
  }),
  keyStages: uniqueItems(nonEmptyList(z.enum(KEY_STAGES), "key stage"), {
    what: "key stage",
  }),
  topics: uniqueItems(nonEmptyList(stableIdSchema, "topic slug"), {
    what: "topic",
  }),
  cpdHours: z
    .number()
    .gt(0, { error: "CPD hours must be more than 0." })
    .max(100, { error: "CPD hours may be at most 100. Check the value." })
    .multipleOf(0.5, { error: "Use whole or half hours, e.g. 1 or 1.5." }),
  prerequisites: z.array(text()).default([]),
  availability: availabilitySchema.optional(),
  authors: nonEmptyList(authorSchema, "author ({ name, role })"),
  versionNotes: text().optional(),
  completion: completionSchema,
  sections: sectionsSchema,
});

/** module.yaml as parsed (dates normalised, defaults applied). */
export type ModuleFile = z.output<typeof moduleFileSchema>;
/** The module's own metadata: module.yaml without `sections`. */
export type ModuleMeta = Omit<ModuleFile, "sections">;

export function parseModuleFile(data: unknown) {
  return moduleFileSchema.safeParse(data, { error: courseErrorMap });
}
