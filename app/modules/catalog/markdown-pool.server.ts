/**
 * Author Markdown is rendered in a small pool of worker threads with a time limit, never on the
 * request thread (docs/decisions/0030-author-markdown-in-a-worker-pool.md): the parser has
 * super-linear worst cases, and one hostile preview used to hold every request for seconds.
 *
 * A worker that passes the time limit (or dies, e.g. at its memory limit) is terminated and
 * replaced; the caller gets an AppError (400) that says what to do. When every worker is busy,
 * jobs wait in a short queue; a full queue is refused (429) rather than growing without bound.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError } from "~/utils/errors.ts";
import type { RenderResult } from "./markdown.server.ts";
import type { RenderJob, RenderReply } from "./markdown-worker.ts";
import { log } from "~/utils/log.server.ts";

export const RENDER_LIMITS = {
  workers: 2,
  /** Previews and the draft editor: an author is waiting. */
  previewMs: 2_000,
  /** Publishing (approval, courses/): once per version, so a little more room. */
  publishMs: 5_000,
  /** Jobs waiting for a free worker. */
  maxQueue: 32,
  /** Heap of one worker. */
  maxOldGenerationSizeMb: 256,
};

export const TOO_SLOW_MESSAGE =
  "This text took too long to render. Simplify its formatting (for example fewer or less deeply nested *, _ or > marks, or shorter lists) and try again.";
const BUSY_MESSAGE = "Previews are busy just now. Try again in a moment.";

type Job = RenderJob & { timeoutMs: number; resolve: (r: RenderResult) => void; reject: (e: unknown) => void };
/** A worker; `ready` once it has loaded the pipeline (start-up does not count against a job's time). */
type Slot = { worker: Worker; ready: boolean; job?: Job; timer?: NodeJS.Timeout };

const slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 1;

/**
 * The worker script: the built `markdown-worker.js` next to the server build (emitted by the
 * server-workers Vite plugin), else the TypeScript source (development, tests), imported after
 * registering tsx in the worker (a worker does not inherit the parent's loader hooks).
 */
function workerSource(): { script: string | URL; eval: boolean } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, "markdown-worker.js"), path.join(here, "..", "markdown-worker.js")]) {
    if (fs.existsSync(candidate)) return { script: pathToFileURL(candidate), eval: false };
  }
  const source = pathToFileURL(path.join(here, "markdown-worker.ts")).href;
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  return {
    script: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`,
    eval: true,
  };
}

function startWorker(): Slot {
  const { script, eval: isEval } = workerSource();
  const worker = new Worker(script, {
    eval: isEval,
    resourceLimits: { maxOldGenerationSizeMb: RENDER_LIMITS.maxOldGenerationSizeMb },
  });
  const slot: Slot = { worker, ready: false };
  worker.unref();
  worker.on("message", (reply: RenderReply | { ready: true }) => {
    if ("ready" in reply) {
      slot.ready = true;
      worker.unref();
      dispatch();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    finish(slot);
    if (reply.ok) job.resolve({ html: reply.html, warnings: reply.warnings });
    else job.reject(new AppError("bad-request", reply.message));
    dispatch();
  });
  const lost = (error?: unknown) => {
    if (error) log().error({ err: error }, "A Markdown worker failed");
    const index = slots.indexOf(slot);
    if (index === -1) return; // already replaced
    slots.splice(index, 1);
    const job = slot.job;
    finish(slot);
    job?.reject(new AppError("bad-request", TOO_SLOW_MESSAGE, { cause: error }));
    dispatch();
  };
  worker.on("error", lost);
  worker.on("exit", () => lost());
  slots.push(slot);
  return slot;
}

function finish(slot: Slot) {
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = undefined;
  slot.job = undefined;
  slot.worker.unref();
}

function dispatch() {
  while (queue.length > 0) {
    const slot = slots.find((s) => s.ready && !s.job);
    if (!slot) {
      if (slots.length < RENDER_LIMITS.workers && !slots.some((s) => !s.ready)) startWorker().worker.ref();
      return;
    }
    const job = queue.shift()!;
    const taken: Slot = slot;
    taken.job = job;
    // Referenced while busy, so a script awaiting a render does not exit under it.
    taken.worker.ref();
    taken.timer = setTimeout(() => {
      const index = slots.indexOf(taken);
      if (index !== -1) slots.splice(index, 1);
      finish(taken);
      void taken.worker.terminate();
      job.reject(new AppError("bad-request", TOO_SLOW_MESSAGE));
      dispatch();
    }, job.timeoutMs);
    taken.worker.postMessage({ id: job.id, markdown: job.markdown, assets: job.assets } satisfies RenderJob);
  }
}

/**
 * Author Markdown to sanitised HTML (markdown.server.ts's pipeline) in the worker pool. `assets` maps
 * a module-relative file path (normalised) to its URL. Throws AppError 400 with a message for the
 * author when the text is too large or too slow to render, 429 when the queue is full.
 */
export function renderAuthorMarkdown(
  markdown: string,
  { assets = new Map(), timeoutMs = RENDER_LIMITS.previewMs }: { assets?: ReadonlyMap<string, string>; timeoutMs?: number } = {},
): Promise<RenderResult> {
  if (queue.length >= RENDER_LIMITS.maxQueue) return Promise.reject(new AppError("too-many-requests", BUSY_MESSAGE));
  return new Promise<RenderResult>((resolve, reject) => {
    queue.push({ id: nextId++, markdown, assets: [...assets], timeoutMs, resolve, reject });
    dispatch();
  });
}
