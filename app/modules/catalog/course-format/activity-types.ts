/**
 * Every activity type together: the front-matter union, the list of types and the rules beyond each
 * schema (body required, files referenced). ADDING AN ACTIVITY TYPE starts here. Pure.
 */
import { z } from "zod";
import {
  codeActivitySchema,
  quizActivitySchema,
  readingActivitySchema,
  reflectionActivitySchema,
  videoActivitySchema,
} from "./activities.ts";
import { courseErrorMap, unknownDiscriminator } from "../course-format.ts";
import { blocksActivitySchema } from "./blocks.ts";

/**
 * ADDING AN ACTIVITY TYPE: write its schema above (spread `activityBase`, add a
 * `type: z.literal(...)`), add it to this list, then add its entry to
 * `ACTIVITY_TYPE_RULES` below (TypeScript insists) and document it in
 * courses/README.md.
 */
const activitySchemas = [
  readingActivitySchema,
  videoActivitySchema,
  quizActivitySchema,
  reflectionActivitySchema,
  codeActivitySchema,
  blocksActivitySchema,
] as const;

/** Known activity types, in the order they are documented. */
export const ACTIVITY_TYPES = activitySchemas.map((schema) => schema.shape.type.value);

export const activityFrontMatterSchema = z.discriminatedUnion("type", activitySchemas, {
  error: (issue) => (issue.code === "invalid_union" ? unknownDiscriminator("type", issue.input, ACTIVITY_TYPES) : undefined),
});

export type ActivityFrontMatter = z.output<typeof activityFrontMatterSchema>;
export type ActivityType = ActivityFrontMatter["type"];
export type ActivityOf<T extends ActivityType> = Extract<ActivityFrontMatter, { type: T }>;

/** A file inside the module folder that an activity's front matter points at. */
export type ActivityFileReference = {
  /** Front-matter field holding the path, e.g. "captions". */
  field: string;
  /** Path relative to the module folder. */
  path: string;
  /** Checks the file's contents; returns what is wrong, or undefined if fine. */
  checkContents?: (bytes: Buffer) => string | undefined;
};

/** Rules for each activity type that go beyond its front-matter schema. */
export type ActivityTypeRules<A> = {
  /** Whether the Markdown body must have content, and what it is used for (for messages/docs). */
  body: { required: boolean; purpose: string };
  /** Files in the module folder this activity uses; the loader checks they exist. */
  files: (activity: A) => ActivityFileReference[];
};

function checkWebVtt(bytes: Buffer): string | undefined {
  const textContent = bytes.toString("utf8").replace(/^\uFEFF/, "");
  return textContent.startsWith("WEBVTT")
    ? undefined
    : `Captions must be a WebVTT file whose first line starts with "WEBVTT". Convert the captions to .vtt (e.g. from .srt) and check the header.`;
}

export const ACTIVITY_TYPE_RULES: {
  [T in ActivityType]: ActivityTypeRules<ActivityOf<T>>;
} = {
  reading: {
    body: { required: true, purpose: "the reading text" },
    files: () => [],
  },
  video: {
    body: { required: true, purpose: "the full transcript of the video" },
    files: (activity) => [
      { field: "src", path: activity.src },
      {
        field: "captions",
        path: activity.captions,
        checkContents: checkWebVtt,
      },
    ],
  },
  quiz: {
    body: {
      required: false,
      purpose: "an optional introduction shown before the questions",
    },
    files: () => [],
  },
  reflection: {
    body: {
      required: false,
      purpose: "optional guidance shown with the prompt",
    },
    files: () => [],
  },
  code: {
    body: { required: true, purpose: "the exercise's instructions: what learners should make the program do" },
    files: () => [],
  },
  blocks: {
    body: { required: true, purpose: "the exercise's instructions: what learners should make the sprite do" },
    files: () => [],
  },
};

/** Type-safe lookup of a type's rules for an already-parsed activity. */
export function rulesFor<A extends ActivityFrontMatter>(activity: A): ActivityTypeRules<A> {
  return ACTIVITY_TYPE_RULES[activity.type] as unknown as ActivityTypeRules<A>;
}

export function parseActivityFrontMatter(data: unknown) {
  return activityFrontMatterSchema.safeParse(data, { error: courseErrorMap });
}
