/**
 * The script of the exercise sandbox page (/exercise-sandbox/<language>.html). It runs inside an
 * <iframe sandbox="allow-scripts">, so its origin is opaque: it cannot read the app's cookies,
 * storage or pages, and its CSP (server/exercise-sandbox.ts) lets it do little more than start
 * blob: Workers. Learner code never runs here, only in those Workers:
 * - JavaScript: a fresh classic Worker for each run, terminated when it reports or at the limit.
 * - Python: one module Worker holding Pyodide, reused between runs (fresh namespace each time);
 *   at the time limit it is terminated and a new one is started.
 *
 * It receives program texts built by app/modules/exercises/harness.ts from the page that embeds it
 * and sends back the raw outcome. Compiled on its own (no imports) by server/exercise-runtime-plugin.ts.
 */
import type { CodeLanguage, RawRun } from "../modules/exercises/harness.ts";

type RunRequest = { type: "run"; id: number; text: string; timeoutMs: number };
type StopRequest = { type: "stop" };
export type SandboxRequest = RunRequest | StopRequest;
export type SandboxStatus = "loading" | "ready" | "failed";
export type SandboxMessage =
  | { type: "hello"; language: CodeLanguage }
  | { type: "status"; state: SandboxStatus; message?: string }
  | { type: "result"; id: number; raw: RawRun };

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  const appOrigin = new URL(script?.src ?? location.href).origin;
  const language = document.documentElement.dataset.language === "python" ? "python" : "javascript";
  const pyodideBase = new URL(document.documentElement.dataset.pyodide ?? "/pyodide/", appOrigin).href;

  const send = (message: SandboxMessage) => window.parent.postMessage(message, appOrigin);

  /** The run in progress: how to end it early. */
  let current: { id: number; finish: (raw: RawRun) => void } | null = null;

  // -------------------------------------------------------------------------------------------
  // JavaScript: one Worker per run.

  function runJavaScript({ id, text, timeoutMs }: RunRequest) {
    const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
    const worker = new Worker(url);
    let done = false;
    const finish = (raw: RawRun) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.terminate();
      URL.revokeObjectURL(url);
      current = null;
      send({ type: "result", id, raw });
    };
    const timer = setTimeout(() => finish({ kind: "timeout" }), timeoutMs);
    worker.onmessage = (event: MessageEvent<{ pathwaysReport?: unknown }>) => {
      const report = event.data?.pathwaysReport;
      if (typeof report === "string") finish({ kind: "report", report });
    };
    // Reached only when the text does not compile (the harness catches everything else).
    worker.onerror = (event) => {
      event.preventDefault();
      finish({ kind: "crash", message: event.message || "The program could not be run.", line: event.lineno || null });
    };
    current = { id, finish };
  }

  // -------------------------------------------------------------------------------------------
  // Python: one Worker holding Pyodide.

  const PYTHON_WORKER = `
    let pyodide = null;
    self.onmessage = (event) => {
      const { id, text } = event.data;
      try {
        postMessage({ id, report: String(pyodide.runPython(text)) });
      } catch (error) {
        postMessage({ id, failure: String(error) });
      }
    };
    import(${JSON.stringify(`${pyodideBase}pyodide.mjs`)})
      .then(({ loadPyodide }) => loadPyodide({ indexURL: ${JSON.stringify(pyodideBase)} }))
      .then((loaded) => { pyodide = loaded; postMessage({ ready: true }); })
      .catch((error) => postMessage({ failed: String(error) }));
  `;

  type PythonWorker = { worker: Worker; ready: Promise<boolean>; failure: string | null };
  let python: PythonWorker | null = null;

  function startPython(): PythonWorker {
    send({ type: "status", state: "loading" });
    const url = URL.createObjectURL(new Blob([PYTHON_WORKER], { type: "text/javascript" }));
    // A classic Worker (module Workers from blob: URLs do not start in an opaque origin) that
    // loads Pyodide's ES module with import().
    const worker = new Worker(url);
    const entry: PythonWorker = { worker, ready: Promise.resolve(false), failure: null };
    entry.ready = new Promise<boolean>((resolve) => {
      const onMessage = (event: MessageEvent<{ ready?: boolean; failed?: string }>) => {
        if (event.data.ready) {
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
    const limit: { timer?: ReturnType<typeof setTimeout> } = {};
    const finish = (raw: RawRun) => {
      if (done) return;
      done = true;
      clearTimeout(limit.timer);
      entry.worker.removeEventListener("message", onMessage);
      current = null;
      send({ type: "result", id, raw });
    };
    const onMessage = (event: MessageEvent<{ id?: number; report?: string; failure?: string }>) => {
      if (event.data.id !== id) return;
      if (typeof event.data.report === "string") finish({ kind: "report", report: event.data.report });
      else finish({ kind: "unavailable", message: `Python stopped unexpectedly: ${event.data.failure ?? "unknown error"}` });
    };
    // Stopping (time limit or the Stop button) kills the interpreter; a fresh one starts at once.
    const stop = (raw: RawRun) => {
      if (done) return;
      entry.worker.terminate();
      if (python === entry) python = startPython();
      finish(raw);
    };
    current = { id, finish: stop };
    if (!(await entry.ready)) {
      if (python === entry) python = null; // try again from scratch next time
      return finish({ kind: "unavailable", message: `Python could not be loaded. ${entry.failure ?? ""}`.trim() });
    }
    if (done) return;
    entry.worker.addEventListener("message", onMessage);
    limit.timer = setTimeout(() => stop({ kind: "timeout" }), timeoutMs);
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
    if (request?.type !== "run" || typeof request.text !== "string" || typeof request.id !== "number") return;
    current?.finish({ kind: "stopped" }); // one run at a time
    if (language === "python") void runPython(request);
    else runJavaScript(request);
  });

  send({ type: "hello", language });
  if (language === "python")
    python = startPython(); // warm up while the learner reads
  else send({ type: "status", state: "ready" });
})();
