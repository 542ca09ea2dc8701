/**
 * Runs a block program against one sprite on Scratch's 480×360 stage: origin in the centre, y up,
 * direction 90 = right, 0 = up. Pure and deterministic (give it a seeded `random`), so the same
 * code animates the stage in the browser and checks goals in Node.
 *
 * The run is a generator of steps, one per block executed (a loop yields once per round, so even
 * an empty `forever` makes progress), which lets the stage animate at any speed and stop at any
 * point. It is bounded: after `stepLimit` blocks (default 10,000) it stops with `"step-limit"`.
 *
 * How it follows Scratch 3 (and where it is simpler):
 * - Each script is a thread; runnable threads take turns one block at a time. Time is virtual:
 *   only `wait`, `glide` and `say … for … seconds` take time; other blocks take none.
 * - Fencing, as in Scratch: the sprite can go off the stage only until 15 pixels of it are still
 *   showing. Our costume is a 40-pixel circle, so its centre stays within x −245…245, y −185…185.
 *   "touching edge?" is true when any part of the circle is beyond the stage's edge.
 * - Directions wrap to −179…180; `repeat` rounds its count; text in a number slot counts as 0.
 * - `glide` moves the sprite's recorded position to the end at once (the stage animates the
 *   slide); a script running alongside a glide sees the end position.
 * - Variables start at 0 on every run (Scratch keeps their values between runs).
 * - The path is the line a pen would draw: one point per movement block.
 */
import {
  type BlockType,
  describeExpr,
  type Expr,
  formatNumber,
  type Key,
  type Program,
  type Reporter,
  type Statement,
  type Value,
  variablesOf,
} from "./program.ts";

export const STAGE_WIDTH = 480;
export const STAGE_HEIGHT = 360;
/** The sprite's costume is a circle this wide (see assets.ts). */
export const SPRITE_SIZE = 40;
/** Scratch keeps at least this many pixels of a sprite on the stage. */
export const FENCE_WIDTH = 15;
const RADIUS = SPRITE_SIZE / 2;
/** The furthest the sprite's centre can go: 240 − 15 + 20 = 245, and 180 − 15 + 20 = 185. */
export const FENCE_X = STAGE_WIDTH / 2 - Math.min(FENCE_WIDTH, RADIUS) + RADIUS;
export const FENCE_Y = STAGE_HEIGHT / 2 - Math.min(FENCE_WIDTH, RADIUS) + RADIUS;
export const DEFAULT_STEP_LIMIT = 10_000;
/** While waiting for key presses with nothing to run, virtual time moves on in ticks of a frame. */
export const IDLE_TICK = 1 / 30;

export type Point = { x: number; y: number };
export type SpriteState = { x: number; y: number; direction: number; visible: boolean; saying: string | null };
export type PathPoint = Point & { time: number };
export type Said = { text: string; seconds: number | null; time: number };
export type StopReason = "finished" | "step-limit" | "stopped";

export type Step = {
  /** Blocks executed so far, this one included. Steps that are not blocks (idle, a bubble ending) repeat the count. */
  count: number;
  /** Virtual time in seconds since the green flag, when this step happened. */
  time: number;
  /** Index of the script in `program.scripts`; -1 for an idle step. */
  script: number;
  kind: "block" | "idle" | "bubble-end";
  type?: BlockType;
  /** The editor's id of the block, when the program came from the editor. */
  blockId?: string;
  /** The sprite after this step. */
  sprite: SpriteState;
  /** A line of the plain-English trace ("Moved 10 steps to x 10, y 0"). */
  description?: string;
  /** For wait, glide and say-for: how long the block takes. */
  seconds?: number;
  glide?: { from: Point; to: Point; seconds: number };
};

export type RunResult = {
  stopReason: StopReason;
  blocksExecuted: number;
  /** Virtual seconds the run took. */
  time: number;
  sprite: SpriteState;
  path: PathPoint[];
  said: Said[];
  trace: string[];
  variables: Record<string, Value>;
};

export type RunOptions = {
  stepLimit?: number;
  /** The sprite before the green flag (default x 0, y 0, direction 90, showing). */
  start?: Partial<Pick<SpriteState, "x" | "y" | "direction" | "visible">>;
  /** For "pick random"; pass a seeded generator for repeatable runs. Default Math.random. */
  random?: () => number;
  /**
   * Keep the run going with idle steps while "when key pressed" scripts could still start (the
   * stage sets this; a run to completion must not).
   */
  listenForKeys?: boolean;
};

export type ProgramRun = {
  /** One step per block executed; returns the result when the run ends or is stopped. */
  readonly steps: Generator<Step, RunResult, void>;
  /** A key went down: starts the matching "when key pressed" scripts that are not already running. */
  pressKey(key: Key): void;
  /** A key went up ("key pressed?" is true while it is down). */
  releaseKey(key: Key): void;
  /** Halts the run: the generator returns at once with stopReason "stopped". */
  stop(): RunResult;
  /** The result so far (final once the run has ended). */
  result(): RunResult;
};

/** A seeded random number generator (mulberry32), for repeatable runs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Scratch's casts and maths.

export function toNumber(value: Value): number {
  if (typeof value === "number") return Number.isNaN(value) ? 0 : value;
  if (typeof value === "boolean") return value ? 1 : 0;
  const n = Number(value);
  return Number.isNaN(n) ? 0 : n;
}

export function toBoolean(value: Value): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return !(value === "" || value === "0" || value.toLowerCase() === "false");
  return value !== 0 && !Number.isNaN(value);
}

export function valueToString(value: Value): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e10) / 1e10);
  return String(value);
}

function isWhitespace(value: Value) {
  return typeof value === "string" && value.trim().length === 0;
}

/** Scratch's comparison: numeric when both sides are numbers, otherwise case-insensitive text. */
export function compareValues(a: Value, b: Value): number {
  let n1 = Number(a);
  let n2 = Number(b);
  if (n1 === 0 && isWhitespace(a)) n1 = NaN;
  if (n2 === 0 && isWhitespace(b)) n2 = NaN;
  if (Number.isNaN(n1) || Number.isNaN(n2)) {
    const s1 = String(a).toLowerCase();
    const s2 = String(b).toLowerCase();
    return s1 < s2 ? -1 : s1 > s2 ? 1 : 0;
  }
  return n1 - n2;
}

function isIntegerLiteral(value: Value) {
  if (typeof value === "number") return Number.isInteger(value);
  if (typeof value === "boolean") return true;
  return !value.includes(".") && Number.isInteger(Number(value));
}

/** Scratch's direction range: −179 to 180. */
export function wrapDirection(direction: number): number {
  const wrapped = direction - Math.floor((direction + 179) / 360) * 360;
  return tidy(wrapped);
}

/** Removes floating-point dust (6.1e-15 → 0), so repeated turns and moves land on whole numbers. */
function tidy(n: number): number {
  const rounded = Math.round(n * 1e9) / 1e9;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** Keeps at least FENCE_WIDTH pixels of the sprite on the stage, as Scratch does. */
export function fence(x: number, y: number): Point {
  const clamp = (v: number, limit: number) => (Number.isNaN(v) ? 0 : Math.max(-limit, Math.min(limit, v)));
  return { x: tidy(clamp(x, FENCE_X)), y: tidy(clamp(y, FENCE_Y)) };
}

export function isTouchingEdge(sprite: Point): boolean {
  return (
    sprite.x - RADIUS < -STAGE_WIDTH / 2 ||
    sprite.x + RADIUS > STAGE_WIDTH / 2 ||
    sprite.y + RADIUS > STAGE_HEIGHT / 2 ||
    sprite.y - RADIUS < -STAGE_HEIGHT / 2
  );
}

const DIRECTION_NAMES: Record<string, string> = { "90": "right", "-90": "left", "0": "up", "180": "down" };

export function describeDirection(direction: number): string {
  const name = DIRECTION_NAMES[formatNumber(direction)];
  return name ? `${formatNumber(direction)} (${name})` : formatNumber(direction);
}

export function describePosition(p: Point): string {
  return `x ${formatNumber(p.x)}, y ${formatNumber(p.y)}`;
}

function plural(n: number, one: string, many = `${one}s`) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------
// The run.

type Yielded = { type?: BlockType; blockId?: string; description?: string; kind?: Step["kind"]; sleep?: number; glide?: Step["glide"] };
type Thread = { script: number; generator: Generator<Yielded, void, void>; wakeAt: number; done: boolean };

export function startRun(program: Program, options: RunOptions = {}): ProgramRun {
  const stepLimit = options.stepLimit ?? DEFAULT_STEP_LIMIT;
  const random = options.random ?? Math.random;
  const start = fence(options.start?.x ?? 0, options.start?.y ?? 0);
  const sprite: SpriteState = {
    ...start,
    direction: wrapDirection(options.start?.direction ?? 90),
    visible: options.start?.visible ?? true,
    saying: null,
  };
  const variables: Record<string, Value> = Object.fromEntries(variablesOf(program).map((name) => [name, 0]));
  const path: PathPoint[] = [{ x: sprite.x, y: sprite.y, time: 0 }];
  const said: Said[] = [];
  const trace: string[] = [];
  const keysDown = new Set<Key>();
  const pendingKeys: Key[] = [];
  let threads: Thread[] = [];
  let now = 0;
  let count = 0;
  let stopReason: StopReason | null = null;
  /** Which say block owns the bubble, so "say for 2 seconds" only clears its own words. */
  let bubbleOwner = 0;

  const hasKeyScripts = program.scripts.some((s) => s.type === "event_whenkeypressed");

  function result(): RunResult {
    return {
      stopReason: stopReason ?? "stopped",
      blocksExecuted: count,
      time: tidy(now),
      sprite: { ...sprite },
      path: path.map((p) => ({ ...p })),
      said: said.map((s) => ({ ...s })),
      trace: [...trace],
      variables: { ...variables },
    };
  }

  function evaluate(expr: Expr | null): Value {
    if (expr === null) return false;
    if (typeof expr !== "object") return expr;
    return evaluateReporter(expr);
  }

  function evaluateReporter(expr: Reporter): Value {
    switch (expr.type) {
      case "operator_add":
        return toNumber(evaluate(expr.left)) + toNumber(evaluate(expr.right));
      case "operator_subtract":
        return toNumber(evaluate(expr.left)) - toNumber(evaluate(expr.right));
      case "operator_multiply":
        return toNumber(evaluate(expr.left)) * toNumber(evaluate(expr.right));
      case "operator_divide":
        return toNumber(evaluate(expr.left)) / toNumber(evaluate(expr.right));
      case "operator_lt":
        return compareValues(evaluate(expr.left), evaluate(expr.right)) < 0;
      case "operator_equals":
        return compareValues(evaluate(expr.left), evaluate(expr.right)) === 0;
      case "operator_gt":
        return compareValues(evaluate(expr.left), evaluate(expr.right)) > 0;
      case "operator_and":
        return toBoolean(evaluate(expr.left)) && toBoolean(evaluate(expr.right));
      case "operator_or":
        return toBoolean(evaluate(expr.left)) || toBoolean(evaluate(expr.right));
      case "operator_not":
        return !toBoolean(evaluate(expr.operand));
      case "operator_random": {
        const fromValue = evaluate(expr.from);
        const toValue = evaluate(expr.to);
        const a = toNumber(fromValue);
        const b = toNumber(toValue);
        const low = Math.min(a, b);
        const high = Math.max(a, b);
        if (low === high) return low;
        if (isIntegerLiteral(fromValue) && isIntegerLiteral(toValue)) return low + Math.floor(random() * (high + 1 - low));
        return random() * (high - low) + low;
      }
      case "sensing_touchingedge":
        return isTouchingEdge(sprite);
      case "sensing_keypressed":
        return keysDown.has(expr.key);
      case "data_variable":
        return variables[expr.name] ?? 0;
    }
  }

  const num = (expr: Expr | null) => toNumber(evaluate(expr));
  const text = (expr: Expr | null) => valueToString(evaluate(expr));

  function moveTo(x: number, y: number, time: number) {
    const fenced = fence(x, y);
    sprite.x = fenced.x;
    sprite.y = fenced.y;
    path.push({ x: sprite.x, y: sprite.y, time });
    return fenced.x !== tidy(x) || fenced.y !== tidy(y);
  }

  function block(statement: Statement, description: string, extra: Omit<Yielded, "type" | "blockId" | "description"> = {}): Yielded {
    return { type: statement.type, blockId: statement.id, description, ...extra };
  }

  function* runBody(body: Statement[]): Generator<Yielded, void, void> {
    for (const statement of body) yield* runStatement(statement);
  }

  function* runStatement(s: Statement): Generator<Yielded, void, void> {
    switch (s.type) {
      case "motion_movesteps": {
        const steps = num(s.steps);
        const radians = ((90 - sprite.direction) * Math.PI) / 180;
        const fenced = moveTo(sprite.x + steps * Math.cos(radians), sprite.y + steps * Math.sin(radians), now);
        const where = describePosition(sprite);
        yield block(
          s,
          fenced ? `Moved ${plural(steps, "step")} but stopped at the edge, at ${where}` : `Moved ${plural(steps, "step")} to ${where}`,
        );
        return;
      }
      case "motion_turnright":
      case "motion_turnleft": {
        const degrees = num(s.degrees);
        sprite.direction = wrapDirection(sprite.direction + (s.type === "motion_turnright" ? degrees : -degrees));
        const side = s.type === "motion_turnright" ? "right" : "left";
        yield block(s, `Turned ${side} ${plural(degrees, "degree")}, now pointing in direction ${describeDirection(sprite.direction)}`);
        return;
      }
      case "motion_gotoxy": {
        const fenced = moveTo(num(s.x), num(s.y), now);
        yield block(s, `${fenced ? "Went as far as the edge allows, to" : "Went to"} ${describePosition(sprite)}`);
        return;
      }
      case "motion_pointindirection":
        sprite.direction = wrapDirection(num(s.direction));
        yield block(s, `Pointed in direction ${describeDirection(sprite.direction)}`);
        return;
      case "motion_glidesecstoxy": {
        const seconds = Math.max(0, num(s.seconds));
        const from = { x: sprite.x, y: sprite.y };
        moveTo(num(s.x), num(s.y), now + seconds);
        const to = { x: sprite.x, y: sprite.y };
        yield block(s, `Glided for ${plural(seconds, "second")} to ${describePosition(to)}`, {
          sleep: seconds,
          glide: { from, to, seconds },
        });
        return;
      }
      case "looks_say":
      case "looks_sayforsecs": {
        const words = text(s.message);
        const owner = ++bubbleOwner;
        sprite.saying = words === "" ? null : words;
        if (s.type === "looks_say") {
          if (words !== "") said.push({ text: words, seconds: null, time: now });
          yield block(s, words === "" ? "Stopped saying anything" : `Said “${words}”`);
          return;
        }
        const seconds = Math.max(0, num(s.seconds));
        if (words !== "") said.push({ text: words, seconds, time: now });
        yield block(s, `Said “${words}” for ${plural(seconds, "second")}`, { sleep: seconds });
        if (bubbleOwner === owner && sprite.saying !== null) {
          sprite.saying = null;
          yield { kind: "bubble-end", type: s.type, blockId: s.id };
        }
        return;
      }
      case "looks_show":
      case "looks_hide":
        sprite.visible = s.type === "looks_show";
        yield block(s, sprite.visible ? "Showed the sprite" : "Hid the sprite");
        return;
      case "control_repeat": {
        const times = Math.round(num(s.times));
        if (times <= 0) {
          yield block(s, `Repeat ${formatNumber(times)} times: nothing to do`);
          return;
        }
        for (let round = 1; round <= times; round++) {
          yield block(s, `Repeat: round ${round} of ${times}`);
          yield* runBody(s.body);
        }
        return;
      }
      case "control_forever":
        for (let round = 1; ; round++) {
          yield block(s, `Forever: round ${round}`);
          yield* runBody(s.body);
        }
      case "control_if":
      case "control_if_else": {
        const holds = toBoolean(evaluate(s.condition));
        const what = `If ${describeExpr(s.condition)}`;
        if (s.type === "control_if") {
          yield block(s, holds ? `${what}: yes, so ran the blocks inside` : `${what}: no, so skipped the blocks inside`);
          if (holds) yield* runBody(s.body);
        } else {
          yield block(s, holds ? `${what}: yes, so ran the blocks under “if”` : `${what}: no, so ran the blocks under “else”`);
          yield* runBody(holds ? s.body : s.else);
        }
        return;
      }
      case "control_wait": {
        const seconds = Math.max(0, num(s.seconds));
        yield block(s, `Waited ${plural(seconds, "second")}`, { sleep: seconds });
        return;
      }
      case "data_setvariableto": {
        const value = evaluate(s.value);
        variables[s.name] = typeof value === "boolean" ? String(value) : value;
        yield block(s, `Set ${s.name} to ${valueToString(variables[s.name]!)}`);
        return;
      }
      case "data_changevariableby":
        variables[s.name] = toNumber(variables[s.name] ?? 0) + num(s.by);
        yield block(s, `Changed ${s.name} by ${formatNumber(num(s.by))}, so ${s.name} is now ${valueToString(variables[s.name]!)}`);
        return;
    }
  }

  function* runScript(index: number): Generator<Yielded, void, void> {
    const script = program.scripts[index]!;
    const description =
      script.type === "event_whenflagclicked"
        ? "Green flag clicked: a script started"
        : `The ${script.key} key was pressed: a script started`;
    yield { type: script.type, blockId: script.id, description };
    yield* runBody(script.body);
  }

  function startThread(index: number) {
    threads.push({ script: index, generator: runScript(index), wakeAt: now, done: false });
  }

  function snapshot(y: Yielded, script: number): Step {
    const step: Step = { count, time: tidy(now), script, kind: y.kind ?? "block", sprite: { ...sprite } };
    if (y.type) step.type = y.type;
    if (y.blockId) step.blockId = y.blockId;
    if (y.description) step.description = y.description;
    if (y.sleep !== undefined) step.seconds = y.sleep;
    if (y.glide) step.glide = y.glide;
    return step;
  }

  function finish(reason: StopReason) {
    if (stopReason) return;
    stopReason = reason;
    if (reason === "step-limit") {
      trace.push(
        `Stopped after ${count.toLocaleString("en-GB")} blocks, the most a run may take. A forever loop, or a very long repeat, does this.`,
      );
    } else if (reason === "stopped") {
      trace.push("Stopped.");
    }
    for (const thread of threads) thread.generator.return();
    threads = [];
  }

  function* steps(): Generator<Step, RunResult, void> {
    program.scripts.forEach((script, index) => {
      if (script.type === "event_whenflagclicked") startThread(index);
    });
    if (threads.length === 0 && !(options.listenForKeys && hasKeyScripts)) {
      trace.push("Nothing ran: there is no “when green flag clicked” block.");
    }
    let turn = 0;
    while (!stopReason) {
      for (const key of pendingKeys.splice(0)) {
        program.scripts.forEach((script, index) => {
          if (script.type === "event_whenkeypressed" && script.key === key && !threads.some((t) => t.script === index)) startThread(index);
        });
      }
      threads = threads.filter((t) => !t.done);
      if (threads.length === 0) {
        if (!(options.listenForKeys && hasKeyScripts)) break;
        now += IDLE_TICK;
        yield { count, time: tidy(now), script: -1, kind: "idle", sprite: { ...sprite } };
        continue;
      }
      const runnable = threads.filter((t) => t.wakeAt <= now + 1e-9);
      if (runnable.length === 0) {
        // Everything is waiting: jump to the first wake-up (or, when keys may arrive, to the next frame).
        const next = Math.min(...threads.map((t) => t.wakeAt));
        now = options.listenForKeys && hasKeyScripts ? Math.min(next, now + IDLE_TICK) : next;
        if (now < next) yield { count, time: tidy(now), script: -1, kind: "idle", sprite: { ...sprite } };
        continue;
      }
      const thread = runnable[turn++ % runnable.length]!;
      if (count >= stepLimit) {
        finish("step-limit");
        break;
      }
      const next = thread.generator.next();
      if (next.done) {
        thread.done = true;
        continue;
      }
      const yielded = next.value;
      if ((yielded.kind ?? "block") === "block") count++;
      const step = snapshot(yielded, thread.script);
      if (yielded.sleep !== undefined) thread.wakeAt = now + yielded.sleep;
      if (step.description) trace.push(step.description);
      yield step;
    }
    finish("finished");
    return result();
  }

  const generator = steps();
  return {
    steps: generator,
    pressKey(key) {
      keysDown.add(key);
      pendingKeys.push(key);
    },
    releaseKey(key) {
      keysDown.delete(key);
    },
    stop() {
      finish("stopped");
      generator.return(result());
      return result();
    },
    result,
  };
}

/** Runs to the end (or the step limit) at once; for goal checks and tests. */
export function runProgram(program: Program, options: Omit<RunOptions, "listenForKeys"> = {}): RunResult {
  const run = startRun(program, options);
  for (;;) {
    const next = run.steps.next();
    if (next.done) return next.value;
  }
}

/** One or two sentences for the end of a run: what stopped it, where the sprite is, what it said. */
export function summariseRun(result: RunResult): string {
  const blocks = `${result.blocksExecuted.toLocaleString("en-GB")} ${result.blocksExecuted === 1 ? "block" : "blocks"}`;
  const head =
    result.stopReason === "finished"
      ? result.blocksExecuted === 0
        ? "Nothing ran: there is no “when green flag clicked” block."
        : `Finished after ${blocks}.`
      : result.stopReason === "stopped"
        ? `Stopped after ${blocks}.`
        : `Stopped after ${blocks}, the most a run may take. Is there a forever loop?`;
  const sprite = result.sprite;
  let where = `The sprite is at ${describePosition(sprite)}, pointing in direction ${describeDirection(sprite.direction)}`;
  if (!sprite.visible) where += ", and is hidden";
  const lastWords = result.said.at(-1);
  return `${head} ${where}.${lastWords ? ` It last said “${lastWords.text}”.` : ""}`;
}
