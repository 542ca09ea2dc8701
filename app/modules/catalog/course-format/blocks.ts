/**
 * The course format, part 4 of 4: block exercises (type: blocks), whose programs, goals and scene are
 * written in YAML. Split from course-format.ts along its section banners (issue 13); pure.
 */
import { z } from "zod";
import { GoalSchema, type Goal } from "../../blocks/goals.ts";
import { BLOCK_TYPES, type BlockType, isBlockType, type Program, ProgramSchema } from "../../blocks/program.ts";
import {
  type Backdrop,
  BACKDROP_NAMES,
  HALF_HEIGHT,
  HALF_WIDTH,
  LABEL_MAX_LENGTH,
  MARKER_KINDS,
  OBSTACLE_KINDS,
} from "../../blocks/scene.ts";
import { activityBase } from "./activities.ts";
import { closest, courseErrorMap, isRecord, strictObject, text, uniqueItems, unknownDiscriminator } from "../course-format.ts";
import { nonEmptyList } from "./module-file.ts";

// ---------------------------------------------------------------------------
// Block exercises (type: blocks): programs and goals written in YAML
// ---------------------------------------------------------------------------

/** "Unknown block …" with a near-miss suggestion; block names are those of app/modules/blocks/program.ts (BLOCKS). */
export function unknownBlockMessage(name: unknown): string {
  const hint = typeof name === "string" ? closest(name, BLOCK_TYPES) : undefined;
  return (
    `Unknown block ${JSON.stringify(name)}.` +
    (hint ? ` Did you mean "${hint}"?` : "") +
    ` Use a block name from the list in courses/README.md (e.g. motion_movesteps, control_repeat).`
  );
}

/** A block name (a BLOCKS key), e.g. in `toolbox` or a usesBlocks goal. */
const blockNameSchema = z
  .string()
  .superRefine((value, ctx) => {
    if (!isBlockType(value)) ctx.addIssue({ code: "custom", message: unknownBlockMessage(value) });
  })
  .transform((value) => value as BlockType);

/** Every `type` inside a raw program that is not a known block, with its path. */
function unknownBlocksIn(value: unknown, path: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownBlocksIn(item, [...path, i]));
  if (!isRecord(value)) return [];
  const own =
    typeof value.type === "string" && !isBlockType(value.type)
      ? [{ path: [...path, "type"], message: unknownBlockMessage(value.type) }]
      : [];
  return [...own, ...Object.entries(value).flatMap(([key, item]) => (key === "type" ? [] : unknownBlocksIn(item, [...path, key])))];
}

/** Messages for the issues zod raises inside a program or goal that courseErrorMap does not cover. */
function blockIssueMessage(issue: z.core.$ZodIssue, what: "program" | "goal", root: unknown): string {
  const field = issue.path.at(-1);
  if (issue.code === "invalid_union" && typeof field === "string" && valueAt(root, issue.path) === undefined) {
    return `Missing required field "${field}". Add it: a number, some text or a reporter block.`;
  }
  if (issue.code === "invalid_union") {
    return what === "program"
      ? "This value is not valid here. Give a number, some text, or a reporter block such as { type: operator_add, left: 1, right: 2 } (true/false slots also take null for empty)."
      : "This goal is not valid. Check its fields against the list of goals in courses/README.md.";
  }
  if (issue.code === "unrecognized_keys") {
    return `Unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} in this ${what === "program" ? "block" : "goal"}. Remove ${issue.keys.length > 1 ? "them" : "it"} or fix the spelling (the fields of each ${what === "program" ? "block" : "goal"} are listed in courses/README.md).`;
  }
  if (issue.code === "invalid_value" && issue.path.at(-1) === "version") return "A program starts with version: 1.";
  return issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (Array.isArray(value) && typeof key === "number") value = value[key];
    else if (isRecord(value) && typeof key === "string") value = value[key];
    else return undefined;
  }
  return value;
}

/**
 * A block program written in YAML or JSON ({ version: 1, scripts: [...] }), checked against
 * ProgramSchema. Unknown block names are reported first, each with a "did you mean".
 */
function blockProgramSchema(field: string) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === undefined || value === null) {
        ctx.addIssue({
          code: "custom",
          message: `Missing required field "${field}". Add a program: { version: 1, scripts: [ ... ] } (the /dev/blocks page shows any program you build as JSON).`,
        });
        return;
      }
      const unknown = unknownBlocksIn(value);
      for (const problem of unknown) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
      if (unknown.length > 0) return;
      const parsed = ProgramSchema.safeParse(value, { error: courseErrorMap });
      for (const issue of parsed.error?.issues ?? []) {
        ctx.addIssue({ code: "custom", path: issue.path, message: blockIssueMessage(issue, "program", value) });
      }
    })
    .transform((value) => value as Program);
}

export const GOAL_TYPES = GoalSchema.options.map((option) => option.shape.type.value);

/** One goal ({ type: position, x: 0, y: 0 }…), checked against GoalSchema with friendly messages. */
const goalSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    if (!isRecord(value)) {
      ctx.addIssue({ code: "custom", message: "A goal is a group of fields, e.g. { type: position, x: 0, y: 0 }." });
      return;
    }
    if (typeof value.type !== "string" || !(GOAL_TYPES as readonly string[]).includes(value.type)) {
      ctx.addIssue({ code: "custom", path: ["type"], message: unknownDiscriminator("type", value, GOAL_TYPES) });
      return;
    }
    if (value.type === "usesBlocks" && Array.isArray(value.blocks)) {
      const unknown = value.blocks.flatMap((name: unknown, i) => (typeof name === "string" && isBlockType(name) ? [] : [i]));
      for (const i of unknown) ctx.addIssue({ code: "custom", path: ["blocks", i], message: unknownBlockMessage(value.blocks[i]) });
      if (unknown.length > 0) return;
    }
    const parsed = GoalSchema.safeParse(value, { error: courseErrorMap });
    for (const issue of parsed.error?.issues ?? [])
      ctx.addIssue({ code: "custom", path: issue.path, message: blockIssueMessage(issue, "goal", value) });
  })
  .transform((value) => value as Goal);

const coordinate = (axis: "x" | "y", limit: number) =>
  z
    .number()
    .min(-limit, { error: `${axis} must be between -${limit} and ${limit} (the stage is 480 × 360, centred on 0, 0).` })
    .max(limit, { error: `${axis} must be between -${limit} and ${limit} (the stage is 480 × 360, centred on 0, 0).` });

/** A label drawn on the stage and read aloud: required, short. */
const sceneLabel = text().pipe(
  z.string().max(LABEL_MAX_LENGTH, {
    error: `Too long: a label is drawn on the stage and read aloud, so keep it to ${LABEL_MAX_LENGTH} characters or fewer (e.g. "Treasure").`,
  }),
);

const sceneSize = (what: "width" | "height", limit: number) =>
  z
    .number()
    .positive({ error: `${what} must be more than 0 (in steps).` })
    .max(limit, { error: `${what} may be at most ${limit}: the stage is 480 × 360.` });

/**
 * What the stage shows behind the sprite (app/modules/blocks/scene.ts): a backdrop, goal markers and
 * obstacles, all inside the stage.
 */
const sceneSchema = strictObject({
  backdrop: z
    .enum(BACKDROP_NAMES as [Backdrop, ...Backdrop[]], {
      error: (issue) => unknownDiscriminator("backdrop", { backdrop: issue.input }, BACKDROP_NAMES),
    })
    .optional(),
  markers: z
    .array(
      strictObject({
        kind: z.enum(MARKER_KINDS, { error: (issue) => unknownDiscriminator("kind", { kind: issue.input }, MARKER_KINDS) }),
        x: coordinate("x", HALF_WIDTH),
        y: coordinate("y", HALF_HEIGHT),
        label: sceneLabel,
      }),
    )
    .max(30, { error: "A scene may have at most 30 markers." })
    .optional(),
  obstacles: z
    .array(
      strictObject({
        kind: z.enum(OBSTACLE_KINDS, { error: (issue) => unknownDiscriminator("kind", { kind: issue.input }, OBSTACLE_KINDS) }).optional(),
        x: coordinate("x", HALF_WIDTH),
        y: coordinate("y", HALF_HEIGHT),
        width: sceneSize("width", HALF_WIDTH * 2),
        height: sceneSize("height", HALF_HEIGHT * 2),
        label: sceneLabel,
      }).superRefine((o, ctx) => {
        if (o.x + o.width > HALF_WIDTH) {
          ctx.addIssue({
            code: "custom",
            path: ["width"],
            message: `The obstacle goes past the right edge of the stage (x ${o.x} + width ${o.width} = ${o.x + o.width}, more than ${HALF_WIDTH}). (x, y) is its bottom-left corner: make it narrower or move it left.`,
          });
        }
        if (o.y + o.height > HALF_HEIGHT) {
          ctx.addIssue({
            code: "custom",
            path: ["height"],
            message: `The obstacle goes past the top edge of the stage (y ${o.y} + height ${o.height} = ${o.y + o.height}, more than ${HALF_HEIGHT}). (x, y) is its bottom-left corner: make it shorter or move it down.`,
          });
        }
      }),
    )
    .max(30, { error: "A scene may have at most 30 obstacles." })
    .optional(),
});

export const blocksActivitySchema = strictObject({
  ...activityBase,
  type: z.literal("blocks"),
  toolbox: uniqueItems(nonEmptyList(blockNameSchema, "block (e.g. motion_movesteps)"), { what: "block" }),
  maxBlocks: z
    .number()
    .int({ error: "Use a whole number of blocks, e.g. 6." })
    .min(1, { error: "`maxBlocks` must be at least 1." })
    .max(500, { error: "`maxBlocks` may be at most 500." })
    .optional(),
  start: strictObject({
    x: coordinate("x", 240).default(0),
    y: coordinate("y", 180).default(0),
    direction: z
      .number()
      .min(-180, { error: "direction is in degrees from -180 to 180 (90 = right, 0 = up, -90 = left, 180 = down)." })
      .max(180, { error: "direction is in degrees from -180 to 180 (90 = right, 0 = up, -90 = left, 180 = down)." })
      .default(90),
  }).default({ x: 0, y: 0, direction: 90 }),
  stepLimit: z
    .number()
    .int({ error: "Use a whole number of steps, e.g. 2000." })
    .min(100, { error: "`stepLimit` must be at least 100 blocks run." })
    .max(100_000, { error: "`stepLimit` may be at most 100000: a longer run makes every check slow." })
    .optional(),
  starting: blockProgramSchema("starting"),
  solution: blockProgramSchema("solution"),
  wrongSolutions: z.array(blockProgramSchema("wrongSolutions")).optional(),
  goals: nonEmptyList(goalSchema, "goal (e.g. { type: position, x: 0, y: 0 })"),
  scene: sceneSchema.optional(),
  hints: z.array(text()).default([]),
}).superRefine(
  (input: unknown, ctx) => {
    // Runs even when other fields are invalid (so every problem is reported at once): inspect defensively.
    if (!isRecord(input) || !Array.isArray(input.toolbox) || !Array.isArray(input.goals)) return;
    const toolbox = new Set(input.toolbox.filter((b): b is string => typeof b === "string"));
    input.goals.forEach((goal: unknown, g) => {
      if (!isRecord(goal) || goal.type !== "usesBlocks" || !Array.isArray(goal.blocks)) return;
      goal.blocks.forEach((name: unknown, b) => {
        if (typeof name === "string" && isBlockType(name) && !toolbox.has(name)) {
          ctx.addIssue({
            code: "custom",
            path: ["goals", g, "blocks", b],
            message: `The goal asks for "${name}", but it is not in the toolbox, so learners could never use it. Add it to toolbox or change the goal.`,
          });
        }
      });
    });
  },
  { when: (payload) => isRecord(payload.value) },
);
