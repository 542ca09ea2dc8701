/**
 * The stage: a 480×360 canvas that plays the interpreter's steps (app/modules/blocks/interpreter.ts)
 * with Run and Stop buttons and a speed control. Virtual time (waits, glides, speech) plays in real
 * time at Slow and Normal, twice as fast at Fast; each block also pauses briefly so it can be seen.
 *
 * For people who cannot see the canvas, an aria-live region says what is happening (throttled, so
 * a fast loop does not drown a screen reader) and, at the end, where the sprite finished; the full
 * step-by-step trace is listed below. With prefers-reduced-motion, glides jump to their end.
 * "When key pressed" scripts hear keys pressed while the stage has focus.
 *
 * An exercise's scene (backdrop, goal markers, obstacles) is drawn in SVG behind the canvas
 * (stage-scene.tsx) and said in words in the stage's accessible description (describeScene).
 *
 * Variables keep their values from one run to the next, as in Scratch (the sprite goes back to the
 * exercise's start each run); a monitor in the stage's corner shows each one as text. Reloading the
 * page sets them back to 0, as a freshly loaded project has them.
 */
import { forwardRef, type KeyboardEvent, useCallback, useEffect, useId, useImperativeHandle, useRef, useState } from "react";
import { COSTUME_SVG } from "~/modules/blocks/assets.ts";
import {
  describeDirection,
  describePosition,
  type Point,
  type ProgramRun,
  type RunOptions,
  type RunResult,
  type SpriteState,
  STAGE_HEIGHT,
  STAGE_WIDTH,
  SPRITE_SIZE,
  type Step,
  startRun,
  summariseRun,
  valueToString,
} from "~/modules/blocks/interpreter.ts";
import { type Key, type Program, type Value, variablesOf } from "~/modules/blocks/program.ts";
import { describeScene, type Scene } from "~/modules/blocks/scene.ts";
import { StageScene } from "./stage-scene.tsx";

export const SPEEDS = {
  slow: { label: "Slow", blockDelay: 600, timeScale: 1 },
  normal: { label: "Normal", blockDelay: 200, timeScale: 1 },
  fast: { label: "Fast", blockDelay: 25, timeScale: 0.5 },
} as const;
export type Speed = keyof typeof SPEEDS;

const KEY_NAMES: Record<string, Key> = {
  " ": "space",
  ArrowUp: "up arrow",
  ArrowDown: "down arrow",
  ArrowLeft: "left arrow",
  ArrowRight: "right arrow",
};

/** How often, at most, the live region changes while a program runs. */
const ANNOUNCE_EVERY_MS = 1500;
const TRACE_SHOWN = 200;

export type StageHandle = { run(): void; stop(): void };

type Props = {
  program: Program;
  start?: RunOptions["start"];
  stepLimit?: number;
  /** What the stage shows behind the sprite. */
  scene?: Scene | undefined;
  /** Called with the id of the block being run (null when nothing runs). */
  onHighlight?: (blockId: string | null) => void;
  onFinish?: (result: RunResult) => void;
  /** Blocks that are not under a "when" block: the stage says they will not run. */
  looseBlocks?: number;
};

type Glide = { from: Point; to: Point; start: number; end: number };
type Picture = { sprite: SpriteState; trail: Point[]; glide: Glide | null; now: number };

function describeSprite(sprite: SpriteState) {
  let text = `Stage: the sprite is at ${describePosition(sprite)}, pointing in direction ${describeDirection(sprite.direction)}`;
  if (!sprite.visible) text += ", hidden";
  if (sprite.saying) text += `, saying “${sprite.saying}”`;
  return `${text}.`;
}

function initialSprite(start: RunOptions["start"]): SpriteState {
  return { x: start?.x ?? 0, y: start?.y ?? 0, direction: start?.direction ?? 90, visible: start?.visible ?? true, saying: null };
}

function wrapText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (ctx.measureText(candidate).width > maxWidth && line) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines.slice(0, 5);
}

function draw(canvas: HTMLCanvasElement, costume: HTMLImageElement | null, picture: Picture, reducedMotion: boolean) {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const scale = canvas.width / STAGE_WIDTH;
  const toCanvas = (p: Point) => ({ x: STAGE_WIDTH / 2 + p.x, y: STAGE_HEIGHT / 2 - p.y });
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  // Transparent: the scene (backdrop, markers, obstacles) is the SVG behind the canvas.
  ctx.clearRect(0, 0, STAGE_WIDTH, STAGE_HEIGHT);

  let position: Point = picture.sprite;
  const glide = picture.glide;
  if (glide) {
    const progress =
      reducedMotion || glide.end <= glide.start ? 1 : Math.min(1, Math.max(0, (picture.now - glide.start) / (glide.end - glide.start)));
    position = { x: glide.from.x + (glide.to.x - glide.from.x) * progress, y: glide.from.y + (glide.to.y - glide.from.y) * progress };
  }

  // The trail: the line a pen would draw.
  const points = [...picture.trail, position];
  if (points.length > 1) {
    ctx.strokeStyle = "#5b8fd1";
    ctx.lineWidth = 2;
    ctx.lineJoin = "round";
    ctx.beginPath();
    points.forEach((p, i) => {
      const c = toCanvas(p);
      if (i === 0) ctx.moveTo(c.x, c.y);
      else ctx.lineTo(c.x, c.y);
    });
    ctx.stroke();
  }

  const sprite = picture.sprite;
  if (!sprite.visible) return;
  const c = toCanvas(position);
  ctx.save();
  ctx.translate(c.x, c.y);
  ctx.rotate(((sprite.direction - 90) * Math.PI) / 180);
  if (costume?.complete) ctx.drawImage(costume, -SPRITE_SIZE / 2, -SPRITE_SIZE / 2, SPRITE_SIZE, SPRITE_SIZE);
  else {
    ctx.fillStyle = "#1d6fd1";
    ctx.beginPath();
    ctx.arc(0, 0, SPRITE_SIZE / 2, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.restore();

  if (sprite.saying) {
    ctx.font = "14px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
    const lines = wrapText(ctx, sprite.saying, 150);
    const width = Math.max(...lines.map((l) => ctx.measureText(l).width)) + 20;
    const height = lines.length * 18 + 14;
    const x = Math.min(Math.max(4, c.x + 14), STAGE_WIDTH - width - 4);
    const y = Math.min(Math.max(4, c.y - SPRITE_SIZE / 2 - height - 8), STAGE_HEIGHT - height - 4);
    ctx.fillStyle = "#ffffff";
    ctx.strokeStyle = "#1b1f24";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.roundRect(x, y, width, height, 10);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = "#1b1f24";
    ctx.textBaseline = "top";
    lines.forEach((line, i) => ctx.fillText(line, x + 10, y + 8 + i * 18));
  }
}

/** Whether a step's sprite is where a glide (as Scratch moves it, frame by frame) has it at the step's time. */
function isOnGlide(glide: Glide, step: Step) {
  if (step.time > glide.end) return false;
  const progress = glide.end <= glide.start ? 1 : (step.time - glide.start) / (glide.end - glide.start);
  const x = glide.from.x + (glide.to.x - glide.from.x) * progress;
  const y = glide.from.y + (glide.to.y - glide.from.y) * progress;
  return Math.abs(step.sprite.x - x) < 0.5 && Math.abs(step.sprite.y - y) < 0.5;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const Stage = forwardRef<StageHandle, Props>(function Stage(
  { program, start, stepLimit, scene, onHighlight, onFinish, looseBlocks = 0 },
  ref,
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const costume = useRef<HTMLImageElement | null>(null);
  const picture = useRef<Picture>({ sprite: initialSprite(start), trail: [], glide: null, now: 0 });
  const current = useRef<{ run: ProgramRun; cancelled: boolean } | null>(null);
  const reducedMotion = useRef(false);
  const latest = useRef({ program, start, stepLimit, onHighlight, onFinish });
  latest.current = { program, start, stepLimit, onHighlight, onFinish };
  const [speed, setSpeed] = useState<Speed>("normal");
  const speedRef = useRef(speed);
  speedRef.current = speed;
  const [running, setRunning] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [trace, setTrace] = useState<string[]>([]);
  const [traceTotal, setTraceTotal] = useState(0);
  const id = useId();
  const [label, setLabel] = useState(() => describeSprite(initialSprite(start)));
  const lastAnnounced = useRef(0);
  /** The variables as the last run left them: the next run starts with them, as in Scratch. */
  const kept = useRef<Record<string, Value>>({});
  const [shownVariables, setShownVariables] = useState<Record<string, Value>>({});
  const variableNames = variablesOf(program);
  const sceneText = describeScene(scene);

  const redraw = useCallback(() => {
    if (canvas.current) draw(canvas.current, costume.current, picture.current, reducedMotion.current);
  }, []);

  useEffect(() => {
    const query = window.matchMedia("(prefers-reduced-motion: reduce)");
    reducedMotion.current = query.matches;
    const onChange = () => (reducedMotion.current = query.matches);
    query.addEventListener("change", onChange);
    const image = new Image();
    image.onload = redraw;
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(COSTUME_SVG)}`;
    costume.current = image;
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    if (canvas.current) {
      canvas.current.width = STAGE_WIDTH * ratio;
      canvas.current.height = STAGE_HEIGHT * ratio;
    }
    redraw();
    return () => {
      query.removeEventListener("change", onChange);
      if (current.current) current.current.cancelled = true;
    };
  }, [redraw]);

  /** Plays virtual time from `from` to `to`, redrawing each frame (glides move). */
  const playTime = useCallback(
    async (from: number, to: number, token: { cancelled: boolean }) => {
      const ms = (to - from) * 1000 * SPEEDS[speedRef.current].timeScale;
      const began = performance.now();
      while (!token.cancelled) {
        const elapsed = performance.now() - began;
        picture.current.now = Math.min(to, from + (elapsed / Math.max(ms, 1)) * (to - from));
        redraw();
        if (elapsed >= ms) break;
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      picture.current.now = to;
    },
    [redraw],
  );

  const finish = useCallback(
    (result: RunResult) => {
      const pic = picture.current;
      if (pic.glide) {
        // A stopped glide stays where it had got to.
        if (result.stopReason === "stopped" && pic.now < pic.glide.end && !reducedMotion.current) {
          const g = pic.glide;
          const progress = Math.max(0, (pic.now - g.start) / (g.end - g.start));
          pic.sprite = { ...pic.sprite, x: g.from.x + (g.to.x - g.from.x) * progress, y: g.from.y + (g.to.y - g.from.y) * progress };
        } else pic.sprite = { ...result.sprite };
        pic.trail.push({ x: pic.sprite.x, y: pic.sprite.y });
        pic.glide = null;
      }
      kept.current = result.variables;
      setShownVariables(result.variables);
      redraw();
      setRunning(false);
      latest.current.onHighlight?.(null);
      setTrace(result.trace.slice(-TRACE_SHOWN));
      setTraceTotal(result.trace.length);
      setAnnouncement(summariseRun(result));
      setLabel(describeSprite(pic.sprite));
      latest.current.onFinish?.(result);
    },
    [redraw],
  );

  const stop = useCallback(() => {
    const token = current.current;
    if (!token || token.cancelled) return;
    token.cancelled = true;
    finish(token.run.stop());
  }, [finish]);

  const run = useCallback(async () => {
    if (current.current && !current.current.cancelled) {
      current.current.cancelled = true;
      current.current.run.stop();
    }
    const { program: prog, start: from, stepLimit: limit } = latest.current;
    const listenForKeys = prog.scripts.some((s) => s.type === "event_whenkeypressed");
    const programRun = startRun(prog, { start: from, stepLimit: limit, listenForKeys, variables: kept.current });
    const token = { run: programRun, cancelled: false };
    current.current = token;
    const first = programRun.result().sprite;
    picture.current = { sprite: first, trail: [{ x: first.x, y: first.y }], glide: null, now: 0 };
    setShownVariables(programRun.variables());
    redraw();
    setRunning(true);
    setTrace([]);
    setTraceTotal(0);
    lastAnnounced.current = performance.now();
    setAnnouncement(
      listenForKeys ? "Running. This program listens for keys: go to the stage and press space or the arrow keys." : "Running.",
    );
    let shownTrace: string[] = [];
    let now = 0;
    let pendingDescription: string | null = null;
    for (;;) {
      if (token.cancelled) return;
      const next = programRun.steps.next();
      if (next.done) break;
      const step: Step = next.value;
      if (step.time > now) {
        await playTime(now, step.time, token);
        now = step.time;
        if (token.cancelled) return;
      }
      apply(step);
      redraw();
      if (step.kind !== "block") continue;
      latest.current.onHighlight?.(step.blockId ?? null);
      if (step.type === "data_setvariableto" || step.type === "data_changevariableby") setShownVariables(programRun.variables());
      if (step.description) {
        shownTrace = [...shownTrace, step.description].slice(-TRACE_SHOWN);
        setTrace(shownTrace);
        setTraceTotal((n) => n + 1);
        pendingDescription = step.description;
      }
      if (pendingDescription && performance.now() - lastAnnounced.current >= ANNOUNCE_EVERY_MS) {
        setAnnouncement(pendingDescription);
        lastAnnounced.current = performance.now();
        pendingDescription = null;
      }
      await sleep(SPEEDS[speedRef.current].blockDelay);
    }
    if (token.cancelled) return;
    // Let the last glide or speech finish on screen.
    const glide = picture.current.glide;
    if (glide && glide.end > now) await playTime(now, glide.end, token);
    if (token.cancelled) return;
    token.cancelled = true;
    finish(programRun.result());

    function apply(step: Step) {
      const pic = picture.current;
      if (pic.glide && pic.now >= pic.glide.end) {
        pic.trail.push(pic.glide.to);
        pic.glide = null;
      }
      const previous = pic.glide ? pic.glide.to : pic.sprite;
      if (pic.glide && !step.glide && isOnGlide(pic.glide, step)) {
        // Another script's block during a glide: the sprite is where the glide has taken it so far.
        pic.sprite = { ...step.sprite, x: pic.sprite.x, y: pic.sprite.y };
        return;
      }
      if (step.glide) {
        if (pic.glide) pic.trail.push(pic.glide.to);
        pic.glide = { from: step.glide.from, to: step.glide.to, start: step.time, end: step.time + step.glide.seconds };
      } else if (step.sprite.x !== previous.x || step.sprite.y !== previous.y) {
        pic.glide = null;
        pic.trail.push({ x: step.sprite.x, y: step.sprite.y });
      }
      pic.sprite = step.sprite;
    }
  }, [finish, playTime, redraw]);

  useImperativeHandle(ref, () => ({ run: () => void run(), stop }), [run, stop]);

  const onKey = (event: KeyboardEvent<HTMLCanvasElement>, down: boolean) => {
    const key = KEY_NAMES[event.key];
    const token = current.current;
    if (!key || !token || token.cancelled) return;
    event.preventDefault();
    if (down) {
      if (!event.repeat) token.run.pressKey(key);
    } else {
      token.run.releaseKey(key);
    }
  };

  return (
    <div className="stage" data-running={running}>
      <div className="stage-controls">
        <button type="button" className="button stage-run" onClick={() => void run()}>
          <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24">
            <path d="M5 3v19" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
            <path d="M6 4c4-2 7 2 12 0v9c-5 2-8-2-12 0z" fill="currentColor" />
          </svg>
          Run
        </button>
        <button type="button" className="button button--danger stage-stop" onClick={stop}>
          <svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16">
            <rect x="2" y="2" width="12" height="12" rx="2" fill="currentColor" />
          </svg>
          Stop
        </button>
        <div className="field stage-speed">
          <label htmlFor={`${id}-speed`}>Speed</label>
          <select id={`${id}-speed`} value={speed} onChange={(e) => setSpeed(e.target.value as Speed)}>
            {(Object.keys(SPEEDS) as Speed[]).map((s) => (
              <option key={s} value={s}>
                {SPEEDS[s].label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="stage-frame">
        <StageScene scene={scene} />
        {variableNames.length > 0 ? (
          <ul className="stage-variables" aria-label="Variables">
            {variableNames.map((name) => (
              <li key={name}>
                <span className="stage-variable-name">{name}</span>{" "}
                <span className="stage-variable-value">{valueToString(shownVariables[name] ?? kept.current[name] ?? 0)}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <canvas
          ref={canvas}
          className="stage-canvas"
          width={STAGE_WIDTH}
          height={STAGE_HEIGHT}
          role="img"
          aria-label={label}
          aria-describedby={sceneText ? `${id}-scene ${id}-keys` : `${id}-keys`}
          tabIndex={0}
          onKeyDown={(e) => onKey(e, true)}
          onKeyUp={(e) => onKey(e, false)}
        />
      </div>
      {sceneText ? (
        <p id={`${id}-scene`} className="stage-scene-text">
          {sceneText}
        </p>
      ) : null}
      <p id={`${id}-keys`} className="hint">
        For “when key pressed” blocks, select the stage (or Tab to it) while the program runs, then press space or the arrow keys.
      </p>
      {variableNames.length > 0 ? (
        <p className="hint">Variables keep their values from one run to the next, as in Scratch. Reload the page to set them back to 0.</p>
      ) : null}
      {looseBlocks > 0 ? (
        <p className="stage-warning">
          {looseBlocks === 1 ? "1 block is" : `${looseBlocks} blocks are`} not joined to a “when” block, so{" "}
          {looseBlocks === 1 ? "it" : "they"} will not run.
        </p>
      ) : null}
      <div className="stage-status" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      <details className="stage-trace">
        <summary>What happened, step by step{traceTotal ? ` (${traceTotal.toLocaleString("en-GB")} lines)` : ""}</summary>
        {trace.length === 0 ? (
          <p>Nothing yet: press Run.</p>
        ) : (
          <>
            {traceTotal > trace.length ? <p>The last {trace.length} lines:</p> : null}
            <ol start={traceTotal - trace.length + 1}>
              {trace.map((line, i) => (
                <li key={traceTotal - trace.length + i}>{line}</li>
              ))}
            </ol>
          </>
        )}
      </details>
    </div>
  );
});
