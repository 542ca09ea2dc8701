/**
 * Goals for block exercises: what a learner's program must do (finish at a place, pass through
 * points, say something) and how it must be built (use a block, stay within a number of blocks).
 * Pure: `checkGoals` reads a finished run, `runAndCheck` runs the program first. Every goal gets
 * a message in plain English, whether it passed or not, so learners know what to change.
 */
import { z } from "zod";
import {
  describeDirection,
  describePosition,
  type Point,
  type RunOptions,
  type RunResult,
  runProgram,
  seededRandom,
} from "./interpreter.ts";
import { BLOCK_TYPES, BLOCKS, type BlockType, blockTypesUsed, countBlocks, formatNumber, type Program } from "./program.ts";

/** Default tolerance, in steps (pixels), for positions. */
export const DEFAULT_POSITION_TOLERANCE = 1;
/** Default tolerance, in degrees, for directions. */
export const DEFAULT_DIRECTION_TOLERANCE = 1;

const PointSchema = z.strictObject({ x: z.number(), y: z.number() });
const tolerance = z.number().min(0).max(100).optional();

export const GoalSchema = z.discriminatedUnion("type", [
  /** The sprite ends within `tolerance` steps of (x, y). */
  z.strictObject({ type: z.literal("position"), x: z.number(), y: z.number(), tolerance }),
  /** The sprite ends pointing in `direction` (Scratch degrees: 90 = right). */
  z.strictObject({ type: z.literal("direction"), direction: z.number(), tolerance }),
  /** The sprite's path (the line a pen would draw) passes within `tolerance` of every point, in order if `inOrder`. */
  z.strictObject({ type: z.literal("visits"), points: z.array(PointSchema).min(1).max(50), inOrder: z.boolean().optional(), tolerance }),
  /** The sprite says `text` at some point (ignoring case and spaces at the ends). */
  z.strictObject({ type: z.literal("said"), text: z.string().min(1).max(200) }),
  /** The program uses each of these blocks at least once. */
  z.strictObject({ type: z.literal("usesBlocks"), blocks: z.array(z.enum(BLOCK_TYPES as [BlockType, ...BlockType[]])).min(1) }),
  /** The program has at most this many blocks (hats, statements and reporters; values typed into slots are not blocks). */
  z.strictObject({ type: z.literal("maxBlocks"), count: z.number().int().min(1).max(500) }),
  /** The program ends by itself (no endless loop stopped by the step limit). */
  z.strictObject({ type: z.literal("finishes") }),
]);

export type Goal = z.infer<typeof GoalSchema>;
export type GoalResult = { goal: Goal; passed: boolean; message: string };
export type GoalReport = { passed: boolean; results: GoalResult[]; summary: string };

function distance(a: Point, b: Point) {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/**
 * Where along the path (segment index + fraction) the path first passes within `tolerance` of p,
 * not earlier than `from`; -1 if it never does. The path is a polyline, like a pen's trail.
 */
function findOnPath(path: Point[], p: Point, tolerance: number, from = 0): number {
  if (path.length === 1) return from === 0 && distance(p, path[0]!) <= tolerance ? 0 : -1;
  for (let i = Math.floor(from); i < path.length - 1; i++) {
    const a = path[i]!;
    const b = path[i + 1]!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const lengthSquared = dx * dx + dy * dy;
    const earliest = Math.max(0, from - i);
    const t = lengthSquared === 0 ? earliest : Math.max(earliest, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared));
    if (distance(p, { x: a.x + t * dx, y: a.y + t * dy }) <= tolerance) return i + t;
  }
  return -1;
}

function normaliseText(text: string) {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

function angleBetween(a: number, b: number) {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

function blockName(type: BlockType) {
  return `“${BLOCKS[type].label}”`;
}

function listOf(items: string[]) {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function checkGoal(goal: Goal, program: Program, run: RunResult): GoalResult {
  const at = describePosition(run.sprite);
  switch (goal.type) {
    case "position": {
      const target = describePosition(goal);
      const passed = distance(run.sprite, goal) <= (goal.tolerance ?? DEFAULT_POSITION_TOLERANCE);
      return {
        goal,
        passed,
        message: passed ? `The sprite finished at ${target}.` : `The sprite should finish at ${target}, but it finished at ${at}.`,
      };
    }
    case "direction": {
      const passed = angleBetween(run.sprite.direction, goal.direction) <= (goal.tolerance ?? DEFAULT_DIRECTION_TOLERANCE);
      const target = describeDirection(goal.direction);
      return {
        goal,
        passed,
        message: passed
          ? `The sprite finished pointing in direction ${target}.`
          : `The sprite should finish pointing in direction ${target}, but it points in direction ${describeDirection(run.sprite.direction)}.`,
      };
    }
    case "visits": {
      const tolerance = goal.tolerance ?? DEFAULT_POSITION_TOLERANCE;
      const missed = goal.points.filter((p) => findOnPath(run.path, p, tolerance) === -1);
      if (missed.length > 0) {
        return {
          goal,
          passed: false,
          message: `The sprite should go through ${listOf(missed.map(describePosition))}, but it did not.`,
        };
      }
      if (goal.inOrder) {
        let from = 0;
        for (let i = 0; i < goal.points.length; i++) {
          const found = findOnPath(run.path, goal.points[i]!, tolerance, from);
          if (found === -1) {
            return {
              goal,
              passed: false,
              message: `The sprite went through every point, but not in order: it should reach ${describePosition(goal.points[i]!)} after ${describePosition(goal.points[i - 1]!)}.`,
            };
          }
          from = found;
        }
      }
      const n = goal.points.length;
      return {
        goal,
        passed: true,
        message: `The sprite went through ${n === 1 ? "the point" : `all ${n} points`}${goal.inOrder && n > 1 ? " in order" : ""}.`,
      };
    }
    case "said": {
      const passed = run.said.some((s) => normaliseText(s.text) === normaliseText(goal.text));
      const lastWords = run.said.at(-1);
      return {
        goal,
        passed,
        message: passed
          ? `The sprite said “${goal.text}”.`
          : `The sprite should say “${goal.text}”, but ${lastWords ? `it said “${lastWords.text}”` : "it did not say anything"}.`,
      };
    }
    case "usesBlocks": {
      const used = blockTypesUsed(program);
      const missing = goal.blocks.filter((b) => !used.has(b));
      const names = (types: BlockType[]) => listOf(types.map(blockName));
      return {
        goal,
        passed: missing.length === 0,
        message:
          missing.length === 0
            ? `Your program uses the ${names(goal.blocks)} ${goal.blocks.length === 1 ? "block" : "blocks"}.`
            : `Your program should use the ${names(missing)} ${missing.length === 1 ? "block" : "blocks"}.`,
      };
    }
    case "maxBlocks": {
      const count = countBlocks(program);
      const passed = count <= goal.count;
      return {
        goal,
        passed,
        message: passed
          ? `Your program uses ${count} ${count === 1 ? "block" : "blocks"}; up to ${goal.count} are allowed.`
          : `Your program uses ${count} blocks, but it should use at most ${goal.count}. Can a loop do some of the work?`,
      };
    }
    case "finishes": {
      const passed = run.stopReason === "finished";
      return {
        goal,
        passed,
        message: passed
          ? `Your program finished after ${formatNumber(run.time)} ${run.time === 1 ? "second" : "seconds"}.`
          : `Your program should finish by itself, but it was stopped after ${run.blocksExecuted.toLocaleString("en-GB")} blocks. Is there a forever loop?`,
      };
    }
  }
}

export function checkGoals(program: Program, run: RunResult, goals: Goal[]): GoalReport {
  const results = goals.map((goal) => checkGoal(goal, program, run));
  const failed = results.filter((r) => !r.passed).length;
  return {
    passed: failed === 0,
    results,
    summary:
      failed === 0
        ? `Well done: your program meets ${goals.length === 1 ? "the goal" : `all ${goals.length} goals`}.`
        : `Not yet: ${failed} of ${goals.length} ${goals.length === 1 ? "goal is" : "goals are"} not met.`,
  };
}

/**
 * Runs the program to the end (seeded, so "pick random" repeats) and checks it. Used by the lesson
 * page's Check button and, through courses:check, to prove a starter fails and a solution passes.
 */
export function runAndCheck(program: Program, goals: Goal[], options: Omit<RunOptions, "listenForKeys"> = {}) {
  const run = runProgram(program, { random: seededRandom(1), ...options });
  return { run, report: checkGoals(program, run, goals) };
}
