/**
 * Runs a block program against one sprite on Scratch's 480×360 stage: origin in the centre, y up,
 * direction 90 = right, 0 = up. Pure and deterministic (give it a seeded `random`), so the same
 * code animates the stage in the browser and checks goals in Node.
 *
 * The run is a generator of steps, one per block executed (and a few that are not blocks: idle
 * time, a speech bubble ending), which lets the stage animate at any speed and stop at any point.
 * It is bounded: after `stepLimit` blocks (default 10,000) it stops with `"step-limit"`.
 *
 * It schedules scripts as Scratch 3's sequencer does (scratch-vm's sequencer.js), so a program
 * ends where it ends in Scratch (docs/decisions/0043-blocks-run-like-scratch.md;
 * tests/conformance/scratch-vm.test.ts runs every exercise in scratch-vm to prove it):
 * - Time moves in frames, 30 a second (Scratch's editor runs at 30 frames a second); frame k
 *   starts at round(k × 1000 / 30) ms. Each script is a thread; in each frame the threads take
 *   turns in the order their scripts were started, and a thread runs **until it yields**: at the
 *   end of each time round a `repeat` or `forever` (even an empty one), at a `wait` (even
 *   `wait 0`), at each frame of a `glide`, at `say … for … seconds`, or at the end of its script.
 *   After every thread has had a turn, another round of turns starts in the same frame unless a
 *   block asked for a redraw (moving, turning or showing a visible sprite, and every `wait` do) or
 *   no thread is ready. (Scratch also ends a frame after 75% of it has passed in real time; a loop
 *   that changes nothing on screen runs here until it finishes or yields for another reason.)
 * - A `wait` ends in the first frame at least its time after the frame it started in; a glide
 *   moves the sprite a fraction of the way in each frame; `say … for … seconds` waits on a timer,
 *   and when it ends the last block of a loop's inside, the loop goes round again without
 *   yielding (as Scratch's promise handling does).
 * - Edges, as Scratch's renderer (edges.ts): the fence keeps 15 pixels of the box around the
 *   turned costume on the stage, so its limits change with the direction; "touching edge?"
 *   uses the drawn pixels.
 * - Variables keep their values between runs, as in Scratch: pass the last run's `variables`;
 *   a variable the program never sets starts at what it was (0 in a freshly loaded project).
 * - Directions wrap to −179…180; `repeat` rounds its count; text in a number slot counts as 0.
 * - The path is the line a pen would draw: one point per position the sprite takes.
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
import { fencedPosition, type Placement, touchesEdge } from "./edges.ts";

export const STAGE_WIDTH = 480;
export const STAGE_HEIGHT = 360;
/** The sprite's costume is a circle this wide (see assets.ts). */
export const SPRITE_SIZE = 40;
export const DEFAULT_STEP_LIMIT = 10_000;
/** Scratch's editor runs 30 frames a second. */
export const FRAMES_PER_SECOND = 30;
/** While waiting for key presses with nothing to run, virtual time moves on a frame at a time. */
export const IDLE_TICK = 1 / FRAMES_PER_SECOND;

/** When frame k starts, in whole milliseconds (as a browser's clock gives them). */
export function frameMs(frame: number): number {
  return Math.round((frame * 1000) / FRAMES_PER_SECOND);
}

export type Point = { x: number; y: number };
export type SpriteState = { x: number; y: number; direction: number; visible: boolean; saying: string | null };
export type PathPoint = Point & { time: number };
export type Said = { text: string; seconds: number | null; time: number };
export type StopReason = "finished" | "step-limit" | "stopped";

export type Step = {
  /** Blocks executed so far, this one included. Steps that are not blocks (idle, a bubble ending) repeat the count. */
  count: number;
  /** The frame (1/30 s) this step happened in, from 0. */
  frame: number;
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
  /** Every variable's value at the end (pass them to the next run, as Scratch keeps them). */
  variables: Record<string, Value>;
  /** Frames the run took (a frame is 1/30 s). */
  frames: number;
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
  /**
   * What the variables hold when the green flag is clicked: Scratch keeps them from the last run.
   * Missing ones start at 0, as in a freshly loaded project.
   */
  variables?: Record<string, Value>;
  /** Stop (as "step-limit") after this many frames; for comparing a never-ending run with Scratch's. */
  frameLimit?: number;
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
  /** The variables' values now (for the stage's monitors). */
  variables(): Record<string, Value>;
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

/** Where the sprite (now at `current`) ends up when sent to (x, y): Scratch's fence (edges.ts). */
export function fence(current: Placement, x: number, y: number): Point {
  const fenced = fencedPosition(current, Number.isNaN(x) ? 0 : x, Number.isNaN(y) ? 0 : y);
  return { x: tidy(fenced.x), y: tidy(fenced.y) };
}

/** Scratch's "touching edge?" for the sprite at this place and direction. */
export function isTouchingEdge(sprite: Placement): boolean {
  return touchesEdge(sprite);
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

/** What a thread's generator hands the scheduler: a block that ran, or why its turn ends. */
type Yielded =
  | { kind: "block"; type: BlockType; blockId?: string; description: string; seconds?: number; glide?: Step["glide"] }
  | { kind: "bubble-end"; type: BlockType; blockId?: string }
  /** The turn ends and the thread is ready again at once (the end of a loop's round, a frame of a glide). */
  | { kind: "yield" }
  /** The turn ends until `untilMs` has come, and not before frame `fromFrame`. */
  | { kind: "sleep"; untilMs: number; fromFrame: number };
/** How a statement ended: "promise" after `say … for … seconds`, which resumes without the loop's yield. */
type Ending = "promise" | undefined;
type Thread = {
  script: number;
  generator: Generator<Yielded, Ending, void>;
  sleep: { untilMs: number; fromFrame: number } | null;
  done: boolean;
};

export function startRun(program: Program, options: RunOptions = {}): ProgramRun {
  const stepLimit = options.stepLimit ?? DEFAULT_STEP_LIMIT;
  const random = options.random ?? Math.random;
  const startDirection = wrapDirection(options.start?.direction ?? 90);
  const startX = options.start?.x ?? 0;
  const startY = options.start?.y ?? 0;
  const start = fence({ x: startX, y: startY, direction: startDirection }, startX, startY);
  const sprite: SpriteState = {
    ...start,
    direction: startDirection,
    visible: options.start?.visible ?? true,
    saying: null,
  };
  const variables: Record<string, Value> = Object.fromEntries(variablesOf(program).map((name) => [name, options.variables?.[name] ?? 0]));
  const path: PathPoint[] = [{ x: sprite.x, y: sprite.y, time: 0 }];
  const said: Said[] = [];
  const trace: string[] = [];
  const keysDown = new Set<Key>();
  const pendingKeys: Key[] = [];
  let threads: Thread[] = [];
  let frame = 0;
  /** Frames in which threads had turns (the last one's number + 1). */
  let framesRun = 0;
  /** Frames in which some thread had a turn (frames skipped while everything waits do not count). */
  let activeFrames = 0;
  let now = 0;
  let count = 0;
  let stopReason: StopReason | null = null;
  /** Set by blocks that change what a visible sprite looks like, and by `wait`: the frame ends after this round of turns. */
  let redrawRequested = false;
  /** Whether a speech bubble is drawn on the stage (Scratch redraws when it appears, moves or goes). */
  let bubbleShown = false;
  /** Which say block owns the bubble, so "say for 2 seconds" only clears its own words. */
  let bubbleOwner = 0;

  const hasKeyScripts = program.scripts.some((s) => s.type === "event_whenkeypressed");
  const nowMs = () => frameMs(frame);

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
      frames: framesRun,
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

  /** Scratch's setXY: fenced; a visible sprite asks for a redraw even when it does not move. Returns whether the fence stopped it. */
  function moveTo(x: number, y: number, { onlyIfMoved = false } = {}) {
    const fenced = fence(sprite, x, y);
    const moved = fenced.x !== sprite.x || fenced.y !== sprite.y;
    sprite.x = fenced.x;
    sprite.y = fenced.y;
    if (sprite.visible) redrawRequested = true;
    if (moved || !onlyIfMoved) path.push({ x: sprite.x, y: sprite.y, time: tidy(now) });
    return fenced.x !== tidy(x) || fenced.y !== tidy(y);
  }

  /**
   * Scratch's speech bubble (looks' _renderBubble): drawing, moving or removing a bubble asks for
   * a redraw; a hidden sprite or empty words have no bubble.
   */
  function updateBubble() {
    const shown = sprite.visible && sprite.saying !== null;
    if (shown || bubbleShown) redrawRequested = true;
    bubbleShown = shown;
  }

  function setDirection(direction: number) {
    if (!Number.isFinite(direction)) return;
    sprite.direction = wrapDirection(direction);
    if (sprite.visible) redrawRequested = true;
  }

  function block(statement: Statement, description: string, extra: { seconds?: number; glide?: Step["glide"] } = {}): Yielded {
    return { kind: "block", type: statement.type, blockId: statement.id, description, ...extra };
  }

  /** Runs a list of blocks; ends as its last block ended (so a loop knows whether to yield). */
  function* runBody(body: Statement[]): Generator<Yielded, Ending, void> {
    let ending: Ending;
    for (const statement of body) ending = yield* runStatement(statement);
    return ending;
  }

  /** A loop's round: the inside, then the yield at the end of the round (skipped after a promise, as in Scratch). */
  function* loopRound(body: Statement[]): Generator<Yielded, void, void> {
    const ending = yield* runBody(body);
    if (ending !== "promise") yield { kind: "yield" };
  }

  function* runStatement(s: Statement): Generator<Yielded, Ending, void> {
    switch (s.type) {
      case "motion_movesteps": {
        const steps = num(s.steps);
        const radians = ((90 - sprite.direction) * Math.PI) / 180;
        const fenced = moveTo(sprite.x + steps * Math.cos(radians), sprite.y + steps * Math.sin(radians));
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
        setDirection(sprite.direction + (s.type === "motion_turnright" ? degrees : -degrees));
        const side = s.type === "motion_turnright" ? "right" : "left";
        yield block(s, `Turned ${side} ${plural(degrees, "degree")}, now pointing in direction ${describeDirection(sprite.direction)}`);
        return;
      }
      case "motion_gotoxy": {
        const fenced = moveTo(num(s.x), num(s.y));
        yield block(s, `${fenced ? "Went as far as the edge allows, to" : "Went to"} ${describePosition(sprite)}`);
        return;
      }
      case "motion_pointindirection":
        setDirection(num(s.direction));
        yield block(s, `Pointed in direction ${describeDirection(sprite.direction)}`);
        return;
      case "motion_glidesecstoxy": {
        // Scratch's glide: the first frame only starts the clock; each later frame moves the sprite
        // its share of the way; the frame in which the time is up puts it at the end.
        const seconds = num(s.seconds);
        const from = { x: sprite.x, y: sprite.y };
        const end = { x: num(s.x), y: num(s.y) };
        if (seconds <= 0) {
          moveTo(end.x, end.y);
          yield block(s, `Glided for 0 seconds to ${describePosition(sprite)}`);
          return;
        }
        const to = fence(sprite, end.x, end.y);
        yield block(s, `Glided for ${plural(seconds, "second")} to ${describePosition(to)}`, { seconds, glide: { from, to, seconds } });
        const startMs = nowMs();
        yield { kind: "yield" };
        for (;;) {
          const elapsed = nowMs() - startMs;
          if (elapsed >= seconds * 1000) break;
          const fraction = elapsed / (seconds * 1000);
          moveTo(from.x + fraction * (end.x - from.x), from.y + fraction * (end.y - from.y), { onlyIfMoved: true });
          yield { kind: "yield" };
        }
        moveTo(end.x, end.y, { onlyIfMoved: true });
        return;
      }
      case "looks_say":
      case "looks_sayforsecs": {
        const words = text(s.message);
        const owner = ++bubbleOwner;
        sprite.saying = words === "" ? null : words;
        updateBubble();
        if (s.type === "looks_say") {
          if (words !== "") said.push({ text: words, seconds: null, time: tidy(now) });
          yield block(s, words === "" ? "Stopped saying anything" : `Said “${words}”`);
          return;
        }
        const seconds = Math.max(0, num(s.seconds));
        if (words !== "") said.push({ text: words, seconds, time: tidy(now) });
        yield block(s, `Said “${words}” for ${plural(seconds, "second")}`, { seconds });
        // Scratch waits on a timer (a promise): never within the frame it started in.
        yield { kind: "sleep", untilMs: nowMs() + seconds * 1000, fromFrame: frame + 1 };
        if (bubbleOwner === owner && sprite.saying !== null) {
          // The timer clears the bubble between frames, so its redraw does not end a frame.
          sprite.saying = null;
          bubbleShown = false;
          yield { kind: "bubble-end", type: s.type, blockId: s.id };
        }
        return "promise";
      }
      case "looks_show":
      case "looks_hide":
        sprite.visible = s.type === "looks_show";
        // Scratch asks for a redraw when a sprite appears, and when a hidden sprite's bubble goes.
        if (sprite.visible) redrawRequested = true;
        updateBubble();
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
          yield* loopRound(s.body);
        }
        return;
      }
      case "control_forever":
        for (let round = 1; ; round++) {
          yield block(s, `Forever: round ${round}`);
          yield* loopRound(s.body);
        }
      case "control_if":
      case "control_if_else": {
        const holds = toBoolean(evaluate(s.condition));
        const what = `If ${describeExpr(s.condition)}`;
        if (s.type === "control_if") {
          yield block(s, holds ? `${what}: yes, so ran the blocks inside` : `${what}: no, so skipped the blocks inside`);
          return holds ? yield* runBody(s.body) : undefined;
        }
        yield block(s, holds ? `${what}: yes, so ran the blocks under “if”` : `${what}: no, so ran the blocks under “else”`);
        return yield* runBody(holds ? s.body : s.else);
      }
      case "control_wait": {
        const seconds = Math.max(0, num(s.seconds));
        redrawRequested = true;
        yield block(s, `Waited ${plural(seconds, "second")}`, { seconds });
        yield { kind: "sleep", untilMs: nowMs() + seconds * 1000, fromFrame: frame + 1 };
        return;
      }
      case "data_setvariableto": {
        // A value typed into the block is text in Scratch ("10", not 10), as the .sb3 holds it.
        const value = typeof s.value === "object" ? evaluate(s.value) : String(s.value);
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

  function* runScript(index: number): Generator<Yielded, Ending, void> {
    const script = program.scripts[index]!;
    const description =
      script.type === "event_whenflagclicked"
        ? "Green flag clicked: a script started"
        : `The ${script.key} key was pressed: a script started`;
    yield { kind: "block", type: script.type, blockId: script.id, description };
    return yield* runBody(script.body);
  }

  function startThread(index: number) {
    threads.push({ script: index, generator: runScript(index), sleep: null, done: false });
  }

  function snapshot(y: Extract<Yielded, { kind: "block" | "bubble-end" }>, script: number): Step {
    const step: Step = { count, frame, time: tidy(now), script, kind: y.kind, sprite: { ...sprite } };
    step.type = y.type;
    if (y.blockId) step.blockId = y.blockId;
    if (y.kind === "block") {
      step.description = y.description;
      if (y.seconds !== undefined) step.seconds = y.seconds;
      if (y.glide) step.glide = y.glide;
    }
    return step;
  }

  function finish(reason: StopReason, why?: string) {
    if (stopReason) return;
    stopReason = reason;
    if (why) {
      trace.push(why);
    } else if (reason === "step-limit") {
      trace.push(
        `Stopped after ${count.toLocaleString("en-GB")} blocks, the most a run may take. A forever loop, or a very long repeat, does this.`,
      );
    } else if (reason === "stopped") {
      trace.push("Stopped.");
    }
    for (const thread of threads) thread.generator.return(undefined);
    threads = [];
  }

  const listening = () => Boolean(options.listenForKeys && hasKeyScripts);
  const isDue = (thread: Thread) => thread.sleep === null || (frame >= thread.sleep.fromFrame && nowMs() >= thread.sleep.untilMs);
  const idleStep = (): Step => ({ count, frame, time: tidy(now), script: -1, kind: "idle", sprite: { ...sprite } });

  /** The first frame in which a sleeping thread may go on. */
  function wakeFrame(sleep: { untilMs: number; fromFrame: number }) {
    if (!Number.isFinite(sleep.untilMs)) return Infinity;
    let next = Math.max(sleep.fromFrame, Math.ceil((sleep.untilMs * FRAMES_PER_SECOND) / 1000) - 1);
    while (frameMs(next) < sleep.untilMs) next++;
    return next;
  }

  function setFrame(next: number) {
    frame = next;
    now = frameMs(frame) / 1000;
  }

  function* steps(): Generator<Step, RunResult, void> {
    program.scripts.forEach((script, index) => {
      if (script.type === "event_whenflagclicked") startThread(index);
    });
    if (threads.length === 0 && !listening()) {
      trace.push("Nothing ran: there is no “when green flag clicked” block.");
    }
    while (!stopReason) {
      if (options.frameLimit !== undefined && frame >= options.frameLimit) {
        finish(threads.length > 0 ? "step-limit" : "finished");
        break;
      }
      for (const key of pendingKeys.splice(0)) {
        program.scripts.forEach((script, index) => {
          if (script.type === "event_whenkeypressed" && script.key === key && !threads.some((t) => t.script === index)) startThread(index);
        });
      }
      threads = threads.filter((t) => !t.done);
      if (threads.length === 0) {
        if (!listening()) break;
        setFrame(frame + 1);
        yield idleStep();
        continue;
      }
      if (!threads.some(isDue)) {
        // Every thread is waiting: skip to the first frame in which one wakes (frame by frame when keys may arrive).
        if (listening()) {
          setFrame(frame + 1);
          yield idleStep();
          continue;
        }
        const next = Math.min(...threads.map((t) => wakeFrame(t.sleep!)));
        if (!Number.isFinite(next)) {
          finish("step-limit", "Stopped: every script is waiting for ever.");
          break;
        }
        setFrame(next);
        continue;
      }
      // Frames with turns are bounded like blocks, so an endless glide cannot run for ever either.
      if (++activeFrames > stepLimit) {
        finish(
          "step-limit",
          `Stopped after ${stepLimit.toLocaleString("en-GB")} frames, the most a run may take. A very long glide does this.`,
        );
        break;
      }
      // One frame: rounds of turns until a redraw is asked for or no thread is ready to go on.
      redrawRequested = false;
      let ready: number;
      do {
        ready = 0;
        for (const thread of [...threads]) {
          if (thread.done || !isDue(thread)) continue;
          thread.sleep = null;
          for (;;) {
            if (count >= stepLimit) {
              finish("step-limit");
              return result();
            }
            const next = thread.generator.next();
            if (next.done) {
              thread.done = true;
              break;
            }
            const yielded = next.value;
            if (yielded.kind === "yield") break;
            if (yielded.kind === "sleep") {
              thread.sleep = { untilMs: yielded.untilMs, fromFrame: yielded.fromFrame };
              break;
            }
            if (yielded.kind === "block") {
              count++;
              trace.push(yielded.description);
            }
            yield snapshot(yielded, thread.script);
            if (stopReason) return result();
          }
          if (!thread.done && thread.sleep === null) ready++;
        }
      } while (ready > 0 && !redrawRequested);
      framesRun = frame + 1;
      if (threads.every((t) => t.done) && !listening()) break;
      setFrame(frame + 1);
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
    variables: () => ({ ...variables }),
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
