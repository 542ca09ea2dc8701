/**
 * The script of the exercise sandbox page (/exercise-sandbox/<language>.html). It runs inside an
 * <iframe sandbox="allow-scripts">, so its origin is opaque: it cannot read the app's cookies,
 * storage or pages, and its CSP (server/exercise-sandbox.ts) lets it do little more than start
 * blob: Workers. Learner code never runs here, only in those Workers:
 * - JavaScript: a fresh classic Worker for each run, terminated when it reports or at the limit
 *   (when cross-origin isolated, prompt() can wait for the learner, as input() does in Python).
 * - Python: one classic Worker holding Pyodide, reused between runs (fresh namespace each time).
 *   When the page is cross-origin isolated (docs/decisions/0014-interactive-input-and-isolation.md)
 *   the Worker shares memory with this frame: input() blocks on it (Atomics.wait) while the page
 *   asks the learner, and Stop or the time limit interrupts Python (setInterruptBuffer) and keeps
 *   the warm interpreter. Otherwise, or if the program ignores the interrupt, the Worker is
 *   terminated and a new one started.
 *
 * It receives program texts built by app/modules/exercises/harness.ts from the page that embeds it
 * and sends back the raw outcome. Compiled on its own (no imports) by server/exercise-runtime-plugin.ts.
 */
import type { CodeLanguage, RawRun } from "../modules/exercises/harness.ts";

type RunRequest = { type: "run"; id: number; text: string; timeoutMs: number };
type StopRequest = { type: "stop" };
/** The learner's answer to input() (null: no answer, e.g. the run was stopped). */
type AnswerRequest = { type: "answer"; id: number; value: string | null };
export type SandboxRequest = RunRequest | StopRequest | AnswerRequest;
export type SandboxStatus = "loading" | "ready" | "failed";
export type SandboxMessage =
  /** `interactive`: the frame is cross-origin isolated, so input() can wait for the learner. */
  | { type: "hello"; language: CodeLanguage; interactive: boolean }
  /** While Python loads: `loaded` of `total` bytes of the files it fetches have arrived (decoded). */
  | { type: "status"; state: SandboxStatus; message?: string; loaded?: number; total?: number }
  /** The program called input(): `output` is what it has printed so far (the prompt last). */
  | { type: "input"; id: number; output: string }
  | { type: "result"; id: number; raw: RawRun };

/** The longest answer to input() passed to the program, in UTF-8 bytes. */
const ANSWER_BYTES = 16_384;
/** After Stop or the time limit, how long an interrupted Python program has to give up before its Worker is terminated. */
const INTERRUPT_GRACE_MS = 1_000;

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  const appOrigin = new URL(script?.src ?? location.href).origin;
  const language = document.documentElement.dataset.language === "python" ? "python" : "javascript";
  const pyodideBase = new URL(document.documentElement.dataset.pyodide ?? "/pyodide/", appOrigin).href;
  /** The bytes Python's loading fetches (said by the server), for its progress. */
  const pyodideBytes = Number(document.documentElement.dataset.pyodideBytes) || 0;

  const send = (message: SandboxMessage) => window.parent.postMessage(message, appOrigin);

  /** The run in progress: how to end it early, and how to give it the learner's answer to input(). */
  let current: { id: number; finish: (raw: RawRun) => void; answer?: (value: string | null) => void } | null = null;

  // -------------------------------------------------------------------------------------------
  // Shared memory, when the page and this frame are cross-origin isolated (docs/decisions/0014):
  // a Worker waiting in input()/prompt() blocks on `control` (0 waiting, 1 answered with control[1]
  // bytes in `data`, 2 no answer); `interrupt` is Pyodide's interrupt buffer.

  const isolated = self.crossOriginIsolated === true && typeof SharedArrayBuffer === "function";
  type Shared = { interrupt: Uint8Array; control: Int32Array; data: Uint8Array };
  const createShared = (): Shared => ({
    interrupt: new Uint8Array(new SharedArrayBuffer(1)),
    control: new Int32Array(new SharedArrayBuffer(8)),
    data: new Uint8Array(new SharedArrayBuffer(ANSWER_BYTES)),
  });

  /** Wakes a Worker waiting in input(): with the answer, or (null) with none. */
  function answer(shared: Shared, value: string | null) {
    if (value === null) Atomics.store(shared.control, 0, 2);
    else {
      const bytes = new TextEncoder().encode(value);
      let length = Math.min(bytes.length, ANSWER_BYTES);
      while (length < bytes.length && length > 0 && (bytes[length]! & 0xc0) === 0x80) length--; // whole characters only
      shared.data.set(bytes.subarray(0, length));
      Atomics.store(shared.control, 1, length);
      Atomics.store(shared.control, 0, 1);
    }
    Atomics.notify(shared.control, 0);
  }

  // -------------------------------------------------------------------------------------------
  // JavaScript: one Worker per run. When isolated, the Worker first receives its shared memory and
  // then loads the program with importScripts(); a program that does not parse is then run the
  // plain way, so that the browser reports the line of the syntax error.

  const BOOTSTRAP = `self.onmessage = (event) => {
    self.onmessage = null;
    self.__pwShared = event.data.shared;
    try {
      importScripts(event.data.url);
    } catch (error) {
      if (typeof __pw === "undefined") postMessage({ pathwaysUnparsed: true });
      else throw error;
    }
  };`;

  function runJavaScript(request: RunRequest, plain = !isolated) {
    const { id, text, timeoutMs } = request;
    const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
    const bootstrap = plain ? null : URL.createObjectURL(new Blob([BOOTSTRAP], { type: "text/javascript" }));
    const shared = plain ? null : createShared();
    const worker = new Worker(bootstrap ?? url);
    if (bootstrap && shared) worker.postMessage({ shared, url });
    let done = false;
    let waiting = false;
    // The time limit counts only while the program runs, not while it waits for the learner.
    const clock = { timer: undefined as ReturnType<typeof setTimeout> | undefined, left: timeoutMs, since: 0 };
    const startClock = () => {
      clock.since = performance.now();
      clock.timer = setTimeout(() => finish({ kind: "timeout" }), clock.left);
    };
    const cleanUp = () => {
      clearTimeout(clock.timer);
      worker.terminate();
      URL.revokeObjectURL(url);
      if (bootstrap) URL.revokeObjectURL(bootstrap);
      current = null;
    };
    const finish = (raw: RawRun) => {
      if (done) return;
      done = true;
      cleanUp();
      send({ type: "result", id, raw });
    };
    startClock();
    worker.onmessage = (event: MessageEvent<{ pathwaysReport?: unknown; pathwaysInput?: unknown; pathwaysUnparsed?: unknown }>) => {
      const { pathwaysReport: report, pathwaysInput: output } = event.data ?? {};
      if (typeof report === "string") finish({ kind: "report", report });
      else if (typeof output === "string" && !done) {
        clearTimeout(clock.timer);
        clock.left = Math.max(0, clock.left - (performance.now() - clock.since));
        waiting = true;
        send({ type: "input", id, output });
      } else if (event.data?.pathwaysUnparsed === true && !done) {
        done = true; // this attempt ends here; the plain run reports
        cleanUp();
        runJavaScript(request, true);
      }
    };
    // Reached only when the text does not compile (the harness catches everything else).
    worker.onerror = (event) => {
      event.preventDefault();
      finish({ kind: "crash", message: event.message || "The program could not be run.", line: event.lineno || null });
    };
    current = {
      id,
      finish,
      answer: (value) => {
        if (!waiting || !shared || done) return;
        waiting = false;
        answer(shared, value);
        startClock();
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Python: one Worker holding Pyodide.

  // In the Worker: read_line(output) asks the frame for a line and waits on the shared memory.
  const PYTHON_WORKER = `
    let pyodide = null, shared = null, current = 0;
    const readLine = (output) => {
      if (!shared) return null;
      const { control, data } = shared;
      Atomics.store(control, 0, 0);
      postMessage({ id: current, input: String(output) });
      while (Atomics.load(control, 0) === 0) Atomics.wait(control, 0, 0);
      if (Atomics.load(control, 0) !== 1) return null;
      return new TextDecoder().decode(data.slice(0, Atomics.load(control, 1)));
    };
    self.onmessage = (event) => {
      if (event.data.shared) {
        shared = event.data.shared;
        if (pyodide) pyodide.setInterruptBuffer(shared.interrupt);
        return;
      }
      const { id, text } = event.data;
      current = id;
      try {
        postMessage({ id, report: String(pyodide.runPython(text)) });
      } catch (error) {
        postMessage({ id, failure: String(error) });
      }
    };
    // While Pyodide loads, the bytes of its fetches are counted as they arrive (the loading
    // progress) from a copy of each response; Pyodide gets the response itself (so the browser can
    // still cache the compiled WebAssembly). The plain fetch is put back before any program runs.
    const plainFetch = self.fetch;
    let fetched = 0, told = 0;
    const count = async (copy) => {
      const reader = copy.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        fetched += value.byteLength;
        if (fetched - told >= 262144) { told = fetched; postMessage({ progress: fetched }); }
      }
    };
    self.fetch = (...args) => plainFetch(...args).then((response) => {
      if (response.body) count(response.clone()).catch(() => undefined);
      return response;
    });
    import(${JSON.stringify(`${pyodideBase}pyodide.mjs`)})
      .then(({ loadPyodide }) => loadPyodide({ indexURL: ${JSON.stringify(pyodideBase)} }))
      .finally(() => { self.fetch = plainFetch; })
      .then((loaded) => {
        pyodide = loaded;
        if (shared) pyodide.setInterruptBuffer(shared.interrupt);
        pyodide.registerJsModule("_pathways_io", { read_line: readLine });
        postMessage({ ready: true });
      })
      .catch((error) => postMessage({ failed: String(error) }));
  `;

  type PythonWorker = { worker: Worker; ready: Promise<boolean>; failure: string | null; shared: Shared | null };
  let python: PythonWorker | null = null;

  function startPython(): PythonWorker {
    send({ type: "status", state: "loading", ...(pyodideBytes > 0 ? { loaded: 0, total: pyodideBytes } : {}) });
    const url = URL.createObjectURL(new Blob([PYTHON_WORKER], { type: "text/javascript" }));
    // A classic Worker (module Workers from blob: URLs do not start in an opaque origin) that
    // loads Pyodide's ES module with import().
    const worker = new Worker(url);
    const shared = isolated ? createShared() : null;
    if (shared) worker.postMessage({ shared });
    const entry: PythonWorker = { worker, ready: Promise.resolve(false), failure: null, shared };
    entry.ready = new Promise<boolean>((resolve) => {
      const onMessage = (event: MessageEvent<{ ready?: boolean; failed?: string; progress?: number }>) => {
        if (typeof event.data.progress === "number") {
          if (pyodideBytes > 0)
            send({ type: "status", state: "loading", loaded: Math.min(event.data.progress, pyodideBytes), total: pyodideBytes });
        } else if (event.data.ready) {
          worker.removeEventListener("message", onMessage);
          send({ type: "status", state: "ready" });
          resolve(true);
        } else if (event.data.failed !== undefined) {
          worker.removeEventListener("message", onMessage);
          entry.failure = event.data.failed;
          send({ type: "status", state: "failed", message: event.data.failed });
          resolve(false);
        }
      };
      worker.addEventListener("message", onMessage);
      worker.addEventListener("error", (event) => {
        event.preventDefault();
        entry.failure = event.message || "Python could not be started.";
        send({ type: "status", state: "failed", message: entry.failure });
        resolve(false);
      });
    }).finally(() => URL.revokeObjectURL(url));
    return entry;
  }

  async function runPython({ id, text, timeoutMs }: RunRequest) {
    const entry = (python ??= startPython());
    let done = false;
    // The time limit counts only while the program runs, not while it waits for the learner.
    const clock = { timer: undefined as ReturnType<typeof setTimeout> | undefined, left: timeoutMs, since: 0 };
    const startClock = () => {
      clock.since = performance.now();
      clock.timer = setTimeout(() => stop({ kind: "timeout" }), clock.left);
    };
    const pauseClock = () => {
      clearTimeout(clock.timer);
      clock.left = Math.max(0, clock.left - (performance.now() - clock.since));
    };
    let waiting = false;
    let stopping: { raw: RawRun; grace: ReturnType<typeof setTimeout> } | null = null;
    const finish = (raw: RawRun) => {
      if (done) return;
      done = true;
      clearTimeout(clock.timer);
      if (stopping) clearTimeout(stopping.grace);
      entry.worker.removeEventListener("message", onMessage);
      current = null;
      send({ type: "result", id, raw });
    };
    const onMessage = (event: MessageEvent<{ id?: number; report?: string; failure?: string; input?: string }>) => {
      if (event.data.id !== id) return;
      if (typeof event.data.input === "string") {
        if (stopping) return void (entry.shared && answer(entry.shared, null));
        pauseClock();
        waiting = true;
        send({ type: "input", id, output: event.data.input });
      } else if (stopping)
        finish(stopping.raw); // interrupted: the interpreter stays, warm
      else if (typeof event.data.report === "string") finish({ kind: "report", report: event.data.report });
      else finish({ kind: "unavailable", message: `Python stopped unexpectedly: ${event.data.failure ?? "unknown error"}` });
    };
    const kill = (raw: RawRun) => {
      entry.worker.terminate();
      if (python === entry) python = startPython();
      finish(raw);
    };
    // Stopping (time limit or the Stop button): interrupt Python if we can, else (or if it does not
    // give up in time) kill the interpreter; a fresh one starts at once.
    const stop = (raw: RawRun) => {
      if (done || stopping) return;
      if (!entry.shared || !started) return kill(raw);
      clearTimeout(clock.timer);
      stopping = { raw, grace: setTimeout(() => kill(raw), INTERRUPT_GRACE_MS) };
      entry.shared.interrupt[0] = 2; // SIGINT: KeyboardInterrupt at Python's next check
      if (waiting) answer(entry.shared, null);
    };
    let started = false;
    current = {
      id,
      finish: stop,
      answer: (value) => {
        if (!waiting || !entry.shared || stopping) return;
        waiting = false;
        answer(entry.shared, value);
        startClock();
      },
    };
    if (!(await entry.ready)) {
      if (python === entry) python = null; // try again from scratch next time
      return finish({ kind: "unavailable", message: `Python could not be loaded. ${entry.failure ?? ""}`.trim() });
    }
    if (done) return;
    entry.worker.addEventListener("message", onMessage);
    if (entry.shared) entry.shared.interrupt[0] = 0;
    started = true;
    startClock();
    entry.worker.postMessage({ id, text });
  }

  // -------------------------------------------------------------------------------------------

  window.addEventListener("message", (event: MessageEvent<SandboxRequest>) => {
    // Only the page that embeds this frame, on the app's own origin, may ask for anything.
    if (event.source !== window.parent || event.origin !== appOrigin) return;
    const request = event.data;
    if (request?.type === "stop") {
      current?.finish({ kind: "stopped" });
      return;
    }
    if (request?.type === "answer") {
      if (current?.id === request.id && (typeof request.value === "string" || request.value === null)) current.answer?.(request.value);
      return;
    }
    if (request?.type !== "run" || typeof request.text !== "string" || typeof request.id !== "number") return;
    current?.finish({ kind: "stopped" }); // one run at a time
    if (language === "python") void runPython(request);
    else runJavaScript(request);
  });

  send({ type: "hello", language, interactive: isolated });
  if (language === "python")
    python = startPython(); // warm up while the learner reads
  else send({ type: "status", state: "ready" });
})();
