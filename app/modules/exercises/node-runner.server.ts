/**
 * Runs harness program texts in Node, for `courses:check`: Python with Pyodide in a worker thread
 * (loaded once, about 3 s; terminated and replaced when a run passes the time limit), JavaScript in
 * a fresh `vm` context with the same time limit and, like the browser's CSP, no eval (its timers run
 * in virtual time, so a program that waits a minute is checked at once). The code run
 * here is course authors' (starters, solutions, tests), never learners'.
 */
import vm from "node:vm";
import { Worker } from "node:worker_threads";
import { RUN_TIME_LIMIT_MS, type ExecuteRun, type PreparedRun, type RawRun } from "./harness.ts";

type Pending = { resolve: (raw: RawRun) => void; timer: ReturnType<typeof setTimeout> };

class PythonThread {
  private worker: Worker;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  readonly ready: Promise<void>;
  private failed: string | null = null;

  constructor() {
    this.worker = new Worker(new URL("./pyodide-node-worker.mjs", import.meta.url));
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.worker.once("message", () => resolve());
      this.worker.once("error", (error) => reject(error));
    });
    this.ready.catch((error: unknown) => {
      this.failed = `Python could not be loaded: ${String(error)}`;
    });
    this.worker.on("message", (message: { id?: number; raw?: RawRun }) => {
      if (message.id === undefined || !message.raw) return;
      const entry = this.pending.get(message.id);
      if (!entry) return;
      clearTimeout(entry.timer);
      this.pending.delete(message.id);
      entry.resolve(message.raw);
    });
  }

  /** Runs one text; resolves "timeout" (and kills the thread) at the limit. */
  run(text: string, timeoutMs: number, onTimeout: () => void): Promise<RawRun> {
    if (this.failed) return Promise.resolve({ kind: "unavailable", message: this.failed });
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        onTimeout();
        resolve({ kind: "timeout" });
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      this.worker.postMessage({ id, text });
    });
  }

  async terminate() {
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
    await this.worker.terminate();
  }
}

/** The line of a SyntaxError from vm.Script ("exercise.js:3\n…"). */
function syntaxErrorLine(stack: unknown): number | null {
  const match = typeof stack === "string" ? /^exercise\.js:(\d+)/.exec(stack) : null;
  return match ? Number(match[1]) : null;
}

const STEP = new vm.Script("__pw.step()", { filename: "harness.js" });
const FINISH = new vm.Script("__pw.finish()", { filename: "harness.js" });

/** One JavaScript run in a fresh context. Synchronous: the vm timeout (over the whole run) stops runaway loops. */
export async function runJavaScriptInVm(run: PreparedRun, timeoutMs = RUN_TIME_LIMIT_MS): Promise<RawRun> {
  let script: vm.Script;
  try {
    script = new vm.Script(run.text, { filename: "exercise.js" });
  } catch (error) {
    const e = error as { name?: string; message?: string; stack?: string };
    return { kind: "crash", message: `${e.name ?? "SyntaxError"}: ${e.message ?? String(error)}`, line: syntaxErrorLine(e.stack) };
  }
  const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false }, microtaskMode: "afterEvaluate" });
  const deadline = Date.now() + timeoutMs;
  // Each piece runs as a script of its own so that its promise callbacks run before it returns.
  const runPiece = (piece: vm.Script): unknown => piece.runInContext(context, { timeout: Math.max(1, deadline - Date.now()) });
  // A promise rejected with nobody to catch it is reported by Node to the process, on its next
  // turn, not to the context: listen for it while this run lasts (runs never overlap; see below).
  const rejected: unknown[] = [];
  const onRejection = (reason: unknown) => void rejected.push(reason);
  process.on("unhandledRejection", onRejection);
  const harness = () => (context as { __pw?: { crash: (e: unknown) => void } }).__pw;
  try {
    runPiece(script);
    // Timers set by the program (setTimeout, setInterval) run in virtual time, one at a time, until
    // none is left; then the test, if any, runs (harness.ts).
    while (runPiece(STEP) === true) if (Date.now() >= deadline) return { kind: "timeout" };
    await new Promise((resolve) => setImmediate(resolve));
    if (rejected.length > 0) harness()?.crash(rejected[0]);
    else runPiece(FINISH);
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return { kind: "timeout" };
    const pw = harness();
    if (!pw) return { kind: "crash", message: String(error), stack: (error as { stack?: string }).stack ?? null };
    pw.crash(error);
  } finally {
    process.off("unhandledRejection", onRejection);
  }
  const report = (context as { __pwReport?: unknown }).__pwReport;
  return typeof report === "string" ? { kind: "report", report } : { kind: "crash", message: "The program did not report a result." };
}

/** A host for harness runs in Node. Call close() when done, or the Python thread keeps running. */
export class NodeExerciseRunner {
  private python: PythonThread | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly timeoutMs = RUN_TIME_LIMIT_MS) {}

  readonly execute: ExecuteRun = (run) => {
    // One run at a time: one Python interpreter, and one listener for JavaScript's unhandled rejections.
    const next = this.queue.then(() => (run.language === "javascript" ? runJavaScriptInVm(run, this.timeoutMs) : this.runPython(run)));
    this.queue = next.catch(() => undefined);
    return next;
  };

  private async runPython(run: PreparedRun): Promise<RawRun> {
    const thread = (this.python ??= new PythonThread());
    try {
      await thread.ready;
    } catch (error) {
      return { kind: "unavailable", message: `Python could not be loaded: ${String(error)}` };
    }
    return thread.run(run.text, this.timeoutMs, () => {
      // Stopped mid-run: the interpreter's state is unknown, so start a fresh one next time.
      if (this.python === thread) this.python = null;
      void thread.terminate();
    });
  }

  async close() {
    const thread = this.python;
    this.python = null;
    if (thread) await thread.terminate();
  }
}
