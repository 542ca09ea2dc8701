/**
 * The sandbox child (docs/decisions/0027-server-side-code-runs-in-a-confined-child.md). Runs harness
 * program texts (app/modules/exercises/harness.ts) for ONE job and nothing else, inside bubblewrap
 * and Node's permission model, started and killed by sandbox.server.ts. Plain JavaScript on purpose:
 * it is run as is, from the source tree or a built server alike, and sees only itself and the
 * runtime packages bound next to it (no repository, no data, no environment).
 *
 * Protocol: one JSON object per line. In (stdin): { id, language, text, timeoutMs }. Out (stdout):
 * { id, started: true } when the program starts (after loading its runtime), then { id, raw } with
 * the RawRun. Nothing else may write to stdout: console output goes to stderr, Python's to nowhere.
 *
 * - JavaScript runs in QuickJS (WebAssembly, no host functions): a fresh runtime and context per
 *   run, with a memory limit, a stack limit and an interrupt handler at the time limit. Timers run in
 *   virtual time through the harness's __pw.step(), promise jobs are executed after every piece.
 * - Python runs in Pyodide, loaded once per child. Its `js` and `pyodide_js` modules are removed
 *   before any program runs. A runaway Python program is killed with the whole child by the parent.
 */
import { constants as fsConstants } from "node:fs";
import { constants as osConstants } from "node:os";
import readline from "node:readline";

const writeOut = process.stdout.write.bind(process.stdout);
const send = (message) => writeOut(`${JSON.stringify(message)}\n`);
// Anything a library prints must not be mistaken for a protocol line.
for (const name of ["log", "info", "warn", "error", "debug", "trace"]) {
  console[name] = (...args) => process.stderr.write(`${args.map(String).join(" ")}\n`);
}

const MEMORY_LIMIT_BYTES = 64 * 1024 * 1024;
// Well below Node's own stack: QuickJS's frames in WebAssembly use the host's stack too, and must
// hit QuickJS's limit (a catchable "stack overflow") before Node's.
const STACK_LIMIT_BYTES = 256 * 1024;

// ---------------------------------------------------------------------------------------------
// JavaScript (QuickJS)
// ---------------------------------------------------------------------------------------------

let quickJs = null;
async function loadQuickJs() {
  if (quickJs) return quickJs;
  const { newQuickJSWASMModuleFromVariant } = await import("quickjs-emscripten-core");
  const { default: variant } = await import("@jitl/quickjs-wasmfile-release-sync");
  quickJs = await newQuickJSWASMModuleFromVariant(variant);
  return quickJs;
}

/**
 * Runs first, in its own piece: no code from strings (as under the browser sandbox's CSP), and
 * tracking of rejected promises nobody handles (QuickJS has no host hook for them in this build).
 * Tracked: promises from `new Promise`, Promise.reject/resolve, then/catch/finally, and calls of
 * async functions declared at the top level of the program (wrapped by WRAP_ASYNC, below).
 */
const SETUP = String.raw`(function () {
  "use strict";
  var noStrings = function () { throw new EvalError("Code generation from strings disallowed for this context"); };
  var proto = Object.getPrototypeOf;
  [function () {}, function* () {}, async function () {}, async function* () {}].forEach(function (f) {
    Object.defineProperty(proto(f), "constructor", { value: noStrings, writable: false, configurable: false });
  });
  Object.defineProperty(globalThis, "eval", { value: function () { noStrings(); }, writable: false, configurable: false });
  Object.defineProperty(globalThis, "Function", { value: noStrings, writable: false, configurable: false });

  var NativePromise = Promise, then = NativePromise.prototype.then;
  var tracked = [], handled = new WeakSet();
  function track(p) { if (p instanceof NativePromise) tracked.push(p); return p; }
  Object.defineProperty(NativePromise.prototype, "then", { configurable: false, writable: false, value: function (a, b) {
    handled.add(this); return track(then.call(this, a, b)); } });
  // await and promise adoption read .constructor (PromiseResolve): that counts as handling it.
  Object.defineProperty(NativePromise.prototype, "constructor", { configurable: false, get: function () { handled.add(this); return NativePromise; } });
  var TrackedPromise = new Proxy(NativePromise, {
    construct: function (target, args, newTarget) { return track(Reflect.construct(target, args, newTarget === TrackedPromise ? target : newTarget)); },
    apply: function (target, self, args) { return Reflect.apply(target, self, args); },
  });
  ["resolve", "reject", "all", "allSettled", "any", "race"].forEach(function (name) {
    var fn = NativePromise[name];
    Object.defineProperty(NativePromise, name, { value: function () { return track(fn.apply(NativePromise, arguments)); } });
  });
  Object.defineProperty(globalThis, "Promise", { value: TrackedPromise, writable: true, configurable: true });
  var builtins = Object.getOwnPropertyNames(globalThis);
  var AsyncFunction = proto(async function () {});
  Object.defineProperty(globalThis, "__pwRejections", { value: {
    wrapAsync: function () {
      Object.getOwnPropertyNames(globalThis).forEach(function (name) {
        if (builtins.indexOf(name) >= 0) return;
        var d = Object.getOwnPropertyDescriptor(globalThis, name);
        if (!d || !d.writable || typeof d.value !== "function" || proto(d.value) !== AsyncFunction) return;
        var fn = d.value;
        globalThis[name] = { [fn.name]: function () { return track(fn.apply(this, arguments)); } }[fn.name];
      });
    },
    // The reason of the first tracked promise that was rejected and never handled, if any.
    check: function (done) {
      var list = tracked; tracked = [];
      list.forEach(function (p) { if (!handled.has(p)) then.call(p, undefined, function (reason) { done(reason); }); });
    },
  } });
})();`;

const WRAP_ASYNC = "__pwRejections.wrapAsync();";

/** One JavaScript run in a fresh QuickJS runtime. */
async function runJavaScript(text, timeoutMs) {
  const QuickJS = await loadQuickJs();
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(MEMORY_LIMIT_BYTES);
  runtime.setMaxStackSize(STACK_LIMIT_BYTES);
  const deadline = Date.now() + timeoutMs;
  let interrupted = false;
  runtime.setInterruptHandler(() => (interrupted = Date.now() >= deadline));
  const context = runtime.newContext();
  /** A JavaScript exception inside QuickJS: kept on the sandbox's global as __pwThrown, and described. */
  const thrown = (handle) => {
    context.setProp(context.global, "__pwThrown", handle);
    const described = context.dump(handle);
    handle.dispose();
    return Object.assign(new Error("sandboxed exception"), { sandboxed: described });
  };
  /** Evaluates one piece of code, then runs the promise jobs it queued; returns its value. */
  const evaluate = (code, filename) => {
    const result = context.evalCode(code, filename);
    if (result.error) throw thrown(result.error);
    const value = context.dump(result.value);
    result.value.dispose();
    const jobs = runtime.executePendingJobs(-1);
    if (jobs.error) throw thrown(jobs.error);
    return value;
  };
  const outOfTime = () => interrupted || Date.now() >= deadline;
  try {
    evaluate(SETUP, "setup.js");
    send({ id: currentId, started: true });
    try {
      // The wrapper goes on line 1, before the prelude, so the learner's line numbers are unchanged.
      evaluate(`${WRAP_ASYNC}${text}`, "exercise.js");
      while (evaluate("__pw.step()", "harness.js") === true) if (Date.now() >= deadline) return { kind: "timeout" };
      evaluate("__pwRejections.check(function (reason) { __pw.crash(reason); })", "harness.js");
      evaluate("__pw.finish()", "harness.js");
    } catch (error) {
      if (outOfTime()) return { kind: "timeout" };
      if (!error.sandboxed) throw error;
      const e = error.sandboxed;
      if (evaluate("typeof __pw === 'object' && __pw !== null", "harness.js") !== true) {
        // The program did not even start (a syntax error): QuickJS's message and line.
        const described = typeof e === "object" && e !== null ? e : { name: "Error", message: String(e) };
        return {
          kind: "crash",
          message: `${described.name ?? "Error"}: ${described.message ?? String(e)}`,
          line: typeof described.lineNumber === "number" ? described.lineNumber : null,
          stack: typeof described.stack === "string" ? described.stack : null,
        };
      }
      // Thrown by the program (or a timer or promise job): the harness reports it, as in a Worker.
      evaluate("__pw.crash(__pwThrown)", "harness.js");
    }
    const report = evaluate("typeof __pwReport === 'string' ? __pwReport : null", "harness.js");
    return typeof report === "string" ? { kind: "report", report } : { kind: "crash", message: "The program did not report a result." };
  } catch (error) {
    if (outOfTime()) return { kind: "timeout" };
    if (!error.sandboxed) throw error;
    const e = error.sandboxed;
    const message = typeof e === "object" && e !== null ? String(e.message) : String(e);
    if (/out of memory/i.test(message))
      return {
        kind: "crash",
        message: `RangeError: the program used more than ${MEMORY_LIMIT_BYTES / 1024 / 1024} MB of memory, so it was stopped.`,
      };
    return { kind: "crash", message: `Error: ${message}` };
  } finally {
    try {
      context.dispose();
      runtime.dispose();
    } catch {
      // A runtime stopped mid-run may not free cleanly; the next run gets a fresh one.
    }
  }
}

/** QuickJS words some errors differently from V8 (browsers, Node): say them as learners will see them. */
const V8_WORDING = [
  [/^ReferenceError: '(.+)' is not defined$/, "ReferenceError: $1 is not defined"],
  [/^InternalError: stack overflow$/, "RangeError: Maximum call stack size exceeded"],
];
function v8Wording(raw) {
  if (raw.kind !== "report") return raw;
  const reword = (error) => {
    if (error && typeof error.message === "string")
      for (const [pattern, replacement] of V8_WORDING) error.message = error.message.replace(pattern, replacement);
  };
  try {
    const report = JSON.parse(raw.report);
    reword(report.error);
    reword(report.test?.error);
    return { kind: "report", report: JSON.stringify(report) };
  } catch {
    return raw;
  }
}

// ---------------------------------------------------------------------------------------------
// Python (Pyodide)
// ---------------------------------------------------------------------------------------------

let pyodide = null;
async function loadPython() {
  if (pyodide) return pyodide;
  // Emscripten's NODEFS reads file flags from process.binding("constants"), which Node's
  // permission model refuses: give it the same constants from the public API.
  const bindings = { constants: { fs: fsConstants, os: osConstants } };
  process.binding = (name) => {
    if (name in bindings) return bindings[name];
    throw new Error(`process.binding("${name}") is not available in the sandbox`);
  };
  const { loadPyodide } = await import("pyodide");
  const indexURL = new URL("./", import.meta.resolve("pyodide")).pathname;
  const discard = () => {};
  const loaded = await loadPyodide({ indexURL, stdout: discard, stderr: discard, env: { HOME: "/home/pyodide" } });
  // Third layer only (bubblewrap and Node's permissions are the boundary): take the bridges to
  // JavaScript out of Python's reach before any author or learner code runs.
  loaded.runPython(`
import sys
for _name in ("js", "pyodide_js"):
    sys.modules.pop(_name, None)
`);
  loaded.unregisterJsModule("js");
  loaded.unregisterJsModule("pyodide_js");
  pyodide = loaded;
  return pyodide;
}

async function runPython(text) {
  let python;
  try {
    python = await loadPython();
  } catch (error) {
    return { kind: "unavailable", message: `Python could not be loaded: ${String(error)}` };
  }
  send({ id: currentId, started: true });
  try {
    const report = python.runPython(text);
    return { kind: "report", report: String(report) };
  } catch (error) {
    // The harness catches every Python exception, so this is Pyodide itself failing (it cannot be
    // used again): this child retires after answering.
    retiring = true;
    return { kind: "crash", message: `Python failed: ${String(error).split("\n").slice(-2).join(" ")}` };
  }
}

// ---------------------------------------------------------------------------------------------

let currentId = 0;
/** Set when a runtime failed in a way that may leave it broken: the parent starts a fresh child. */
let retiring = false;
let queue = Promise.resolve();
const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on("line", (line) => {
  queue = queue.then(async () => {
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      return;
    }
    currentId = request.id;
    let raw;
    try {
      raw = request.language === "python" ? await runPython(request.text) : v8Wording(await runJavaScript(request.text, request.timeoutMs));
    } catch (error) {
      retiring = true;
      raw = /call stack/i.test(String(error))
        ? { kind: "crash", message: "RangeError: Maximum call stack size exceeded" }
        : { kind: "crash", message: `The code runner failed: ${String(error)}` };
    }
    send(retiring ? { id: request.id, raw, retire: true } : { id: request.id, raw });
  });
});
input.on("close", () => void queue.then(() => process.exit(0)));
send({ ready: true });
