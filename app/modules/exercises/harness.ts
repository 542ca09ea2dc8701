/**
 * The exercise harness: how a learner's program and one test become ONE program text, how that
 * program reports what happened, and how reports become a result. Pure: no DOM and no Node APIs.
 *
 * The same code runs in two places (see docs/decisions/0009-exercise-sandbox.md):
 * - in the browser, where the sandboxed iframe (app/exercise-sandbox/runner.ts) runs each program
 *   text in a Web Worker and hands back the report;
 * - in Node, where `courses:check` (check-exercises.server.ts) runs the same texts with Pyodide in a
 *   worker thread and JavaScript in `vm`, to prove starters fail and solutions pass.
 *
 * Rules for every run: the learner's program runs in a FRESH namespace (Python) or global scope
 * (JavaScript); a test runs after it in that same namespace, sees what the program printed as
 * `output`, and fails if it raises or throws. A JavaScript program is finished when no timer is
 * pending and its promises have settled (output from setTimeout or an async function counts; an
 * unhandled rejection is an error). `input()` / `prompt()` read the given inputs in order. Output is capped at OUTPUT_LIMIT_CHARS and each run at RUN_TIME_LIMIT_MS (enforced by the
 * host that runs the text: the browser terminates its Worker, Node its worker thread or `vm`).
 */

export const CODE_LANGUAGES = ["python", "javascript"] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

export const EXERCISE_KINDS = ["write", "predict", "parsons", "find-the-bug"] as const;
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];

/** Each run (the program, or the program plus one test) is stopped after this long. */
export const RUN_TIME_LIMIT_MS = 5_000;
/** A program that prints more than this many characters is stopped. */
export const OUTPUT_LIMIT_CHARS = 100_000;

export type ExerciseTest = { name: string; code: string; message: string };

/** Where the learner's code sits in a program text, to map line numbers back to it. */
export type RunLayout = { codeStart: number; codeLines: number; testStart: number | null; testLines: number };

/**
 * One program text, ready for a host to run. `nonce`: a random value the text's report must carry
 * (the learner's code never sees it), so a report the learner's code made up is refused.
 */
export type PreparedRun = { language: CodeLanguage; text: string; layout: RunLayout; nonce?: string };

/** 128 random bits, hex (Web Crypto: the browser and Node alike). */
function newNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** What a host hands back for one program text. */
export type RawRun =
  /** The harness's own JSON report (the program finished, or raised and was caught). */
  | { kind: "report"; report: string }
  /** JavaScript that did not compile, or failed outside the harness: the host's error and line. */
  | { kind: "crash"; message: string; line?: number | null; stack?: string | null }
  /** The host stopped the run at the time limit. */
  | { kind: "timeout" }
  /** The learner pressed Stop. */
  | { kind: "stopped" }
  /** The runtime itself failed (e.g. Python could not be loaded). */
  | { kind: "unavailable"; message: string };

/**
 * A host: runs one program text within the time limit. For verification texts (the server's check,
 * docs/decisions/0021-server-verified-code-runs.md) it must start each text in a fresh interpreter
 * or context, in which no other learner's code has run.
 */
export type ExecuteRun = (run: PreparedRun) => Promise<RawRun>;

export type RunError = { message: string; line: number | null };

export type TestResult = { name: string; passed: boolean; message?: string; detail?: string };

export type RunStatus = "passed" | "failed" | "ran" | "error" | "timeout" | "stopped" | "unavailable";

/** The result of pressing Run (mode "run") or Check (mode "check"). */
export type RunResult = {
  mode: "run" | "check";
  /** passed/failed: every test ran (check); ran: the program finished (run); error/timeout: it did not. */
  status: RunStatus;
  /** True only when the tests were run and every one passed. */
  passed: boolean;
  /** What the program printed (prompts and the inputs given included), at most OUTPUT_LIMIT_CHARS. */
  stdout: string;
  stdoutTruncated: boolean;
  /** Why the program stopped early, with the line in the learner's code when known. */
  error: RunError | null;
  tests: TestResult[];
};

// ---------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------

/**
 * Runs `code` (then `test`) in a fresh namespace with print/input captured. Defined again by every
 * program text, so each text is complete on its own; it returns the report as a JSON string, the
 * value of the text's last expression.
 */
const PYTHON_DRIVER = String.raw`
import sys as _pw_sys, io as _pw_io, json as _pw_json, builtins as _pw_builtins, traceback as _pw_tb, gc as _pw_gc

# Captured now, while the builtins are intact: the learner's program may replace them.
_pw_exec, _pw_compile, _pw_isinstance, _pw_len, _pw_str, _pw_type = exec, compile, isinstance, len, str, type

class _PathwaysOutputLimit(BaseException):
    pass

class _PathwaysOutput(_pw_io.TextIOBase):
    def __init__(self, limit):
        self.parts = []
        self.size = 0
        self.limit = limit
        self.truncated = False
    def writable(self):
        return True
    def write(self, s):
        if not _pw_isinstance(s, _pw_str):
            raise TypeError("write() argument must be str, not " + _pw_type(s).__name__)
        if self.truncated:
            raise _PathwaysOutputLimit()
        room = self.limit - self.size
        if _pw_len(s) > room:
            self.parts.append(s[:room])
            self.size = self.limit
            self.truncated = True
            raise _PathwaysOutputLimit()
        self.parts.append(s)
        self.size += _pw_len(s)
        return _pw_len(s)
    def text(self):
        return "".join(self.parts)

def _pathways_describe(error):
    if isinstance(error, _PathwaysOutputLimit):
        return {"limit": True}
    line = None
    if isinstance(error, SyntaxError) and error.filename == "<exercise>":
        line = error.lineno
    for frame in _pw_tb.extract_tb(error.__traceback__):
        if frame.filename == "<exercise>":
            line = frame.lineno
    text = "".join(_pw_tb.format_exception_only(type(error), error)).strip().splitlines()
    detail = str(error) if isinstance(error, AssertionError) else None
    return {"message": text[-1] if text else type(error).__name__, "line": line, "assertion": isinstance(error, AssertionError), "detail": detail}

try:
    import _pathways_io as _pw_ask  # the browser's sandbox, when it can ask the learner (runner.ts)
except ImportError:
    _pw_ask = None

def _pathways_run(code, test, inputs, limit, interactive=False):
    out = _PathwaysOutput(limit)
    pending = list(inputs)
    def _input(prompt=""):
        out.write(_pw_str(prompt))
        if pending:
            value = pending.pop(0)
        elif interactive and _pw_ask is not None:
            value = _pw_ask.read_line(out.text())
            if value is None:
                raise EOFError("EOF when reading a line: no input was given")
        else:
            raise EOFError("EOF when reading a line: the program asked for more input than it was given")
        out.write(value + "\n")
        return value
    saved_streams = (_pw_sys.stdout, _pw_sys.stderr)
    saved_builtins = dict(_pw_builtins.__dict__)
    saved_limit = _pw_sys.getrecursionlimit()
    program_error = None
    test_error = None
    test_passed = None
    _pw_sys.stdout = out
    _pw_sys.stderr = out
    _pw_builtins.input = _input
    namespace = {"__name__": "__main__", "__builtins__": _pw_builtins}
    try:
        try:
            _pw_exec(_pw_compile(code, "<exercise>", "exec"), namespace)
        except SystemExit:
            pass
        except BaseException as error:
            program_error = error
        if program_error is None and test is not None:
            namespace["output"] = out.text()
            try:
                _pw_exec(_pw_compile(test, "<test>", "exec"), namespace)
                test_passed = True
            except BaseException as error:
                test_passed = False
                test_error = error
    finally:
        _pw_sys.stdout, _pw_sys.stderr = saved_streams
        _pw_sys.setrecursionlimit(saved_limit)
        current = _pw_builtins.__dict__
        for key in [k for k in current if k not in saved_builtins]:
            del current[key]
        for key, value in saved_builtins.items():
            if current.get(key) is not value:
                current[key] = value
    report = {"output": out.text(), "truncated": out.truncated, "error": None, "test": None}
    if program_error is not None:
        report["error"] = _pathways_describe(program_error)
    if test_passed is not None:
        report["test"] = {"passed": True} if test_passed else {"passed": False, "error": _pathways_describe(test_error)}
    return _pw_json.dumps(report)

def _pathways_report(nonce, report):
    # The run's nonce goes first: a report the learner's code printed or built cannot carry it.
    return '{"nonce": "' + nonce + '", ' + report[1:]

def _pathways_guard(event, args, _refuse=RuntimeError):
    # Verification: from before the learner's code until the interpreter is discarded, nothing
    # reaches the harness's frames or objects (frames, tracebacks' frames, gc, tracing), swaps a
    # function's code or defaults, or loads C access (ctypes). Any exception refuses the operation.
    if (
        event in {"sys._getframe", "sys._current_frames", "sys._current_exceptions", "sys.settrace", "sys.setprofile",
                  "sys._settraceallthreads", "sys._setprofileallthreads", "sys.monitoring.register_callback",
                  "sys.addaudithook", "gc.get_objects", "gc.get_referrers", "gc.get_referents"}
        or event.startswith("ctypes.")
        or (event == "object.__getattr__" and args[1] in {"tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_back", "f_locals", "f_globals"})
        or (event == "object.__setattr__" and args[1] in {"__code__", "__defaults__", "__kwdefaults__"})
        or (event == "import" and args[0] in {"ctypes", "_ctypes", "_testcapi", "_testinternalcapi", "_testlimitedcapi"})
    ):
        raise _refuse("Your program tried to change how it is checked (" + event + ")")

try:
    _pw_keep
except NameError:
    _pw_keep = []  # what verification runs leave behind, never finalised between runs

def _pathways_verify(code, test, inputs, limit):
    # The server's check (docs/decisions/0021-server-verified-code-runs.md). Everything the harness needs
    # after the learner's code has started is captured here first, as locals, which the learner's
    # code cannot reach once the guard is installed; the report is built from literals only.
    exec_, compile_, dict_, list_, SystemExit_, BaseException_ = _pw_exec, _pw_compile, dict, list, SystemExit, BaseException
    sys_, builtins_, gc_collect, gc_disable, keep_all = _pw_sys, _pw_builtins, _pw_gc.collect, _pw_gc.disable, _pw_keep.append
    modules, meta_path, path_hooks, path = sys_.modules, sys_.meta_path, sys_.path_hooks, sys_.path
    gc_disable()
    sys_.addaudithook(_pathways_guard)
    keep = []
    keep_all(keep)
    out = _PathwaysOutput(limit)
    pending = list_(inputs)
    def _input(prompt=""):
        out.write(_pw_str(prompt))
        if not pending:
            raise EOFError("EOF when reading a line: the program asked for more input than it was given")
        value = pending.pop(0)
        out.write(value + "\n")
        return value
    saved_streams = (sys_.stdout, sys_.stderr)
    saved_limit = sys_.getrecursionlimit()
    sys_.stdout = out
    sys_.stderr = out
    builtins_.input = _input
    # Snapshots: every module's namespace (builtins and sys included), which modules are loaded, and the import machinery.
    saved_modules = dict_(modules)
    # sys.modules first, then each module's namespace: the same restore for every one of them.
    saved_dicts = [(modules, saved_modules)] + [(m.__dict__, dict_(m.__dict__)) for m in saved_modules.values() if type(getattr(m, "__dict__", None)) is dict_]
    saved_lists = [(meta_path, meta_path[:]), (path_hooks, path_hooks[:]), (path, path[:])]
    test_builtins = dict_(builtins_.__dict__)
    def restore():
        # Nothing the learner made is released here (so none of its finalisers runs half-way): it is kept.
        for current, saved in saved_dicts:
            for key in [k for k in current if k not in saved]:
                keep.append(current.pop(key))
            for key, value in saved.items():
                if current.get(key) is not value:
                    keep.append(current.get(key))
                    current[key] = value
        for current, saved in saved_lists:
            keep.append(current[:])
            current[:] = saved
    namespace = {"__name__": "__main__", "__builtins__": builtins_}
    keep.append(namespace)
    keep.append(out)
    program_failed = False
    test_passed = False
    try:
        try:
            exec_(compile_(code, "<exercise>", "exec"), namespace)
        except SystemExit_ as error:
            keep.append(error)
        except BaseException_ as error:
            keep.append(error)
            program_failed = True
        if not program_failed and test is not None:
            gc_collect()
            gc_disable()
            restore()
            # The test sees the program's names, what it printed, and pristine builtins and modules.
            namespace["output"] = out.text()
            namespace["__builtins__"] = test_builtins
            try:
                exec_(compile_(test, "<test>", "exec"), namespace)
                test_passed = True
            except BaseException_ as error:
                keep.append(error)
    finally:
        gc_collect()
        gc_disable()
        restore()
        sys_.setrecursionlimit(saved_limit)
    # Literals only: nothing the learner's code made is read from here on.
    error = '{"message": "Your program stopped with an error.", "line": null}' if program_failed else "null"
    outcome = "null" if test is None or program_failed else ('{"passed": true}' if test_passed is True else '{"passed": false}')
    return '{"output": "", "truncated": false, "error": ' + error + ', "test": ' + outcome + "}"
`;

/** A JSON string literal is also a valid Python string literal (JSON.stringify escapes are Python's). */
const pyString = (value: string) => JSON.stringify(value);

function preparePython(
  code: string,
  test: string | null,
  inputs: readonly string[],
  interactive: boolean,
  verification: boolean,
): PreparedRun {
  const nonce = newNonce();
  const args = `${pyString(code)}, ${test === null ? "None" : pyString(test)}, [${inputs.map(pyString).join(", ")}], ${OUTPUT_LIMIT_CHARS}`;
  const call = verification ? `_pathways_verify(${args})` : `_pathways_run(${args}${interactive ? ", True" : ""})`;
  // Python compiles the learner's code on its own ("<exercise>"), so its line numbers need no mapping.
  return {
    language: "python",
    text: `${PYTHON_DRIVER}\n_pathways_report("${nonce}", ${call})\n`,
    nonce,
    layout: {
      codeStart: 1,
      codeLines: lineCount(code),
      testStart: test === null ? null : 1,
      testLines: test === null ? 0 : lineCount(test),
    },
  };
}

// ---------------------------------------------------------------------------
// JavaScript
// ---------------------------------------------------------------------------

/**
 * Runs first in the program's global scope: captures console output, provides prompt() from the
 * inputs, and reports once. In a Worker the report is posted to the host; elsewhere (Node's vm) it
 * is left in globalThis.__pwReport. Everything is on ONE line so learner line N is text line N + 1.
 * Tests get `output`, `assert(condition, detail?)` and `assertEqual(actual, expected)` as parameters,
 * so nothing extra is visible to the learner's own code.
 */
const JAVASCRIPT_PRELUDE = [
  `var __pw = (function (limit, inputs, interactive, nonce, lockdown) { "use strict";`,
  // Captured before the learner's code runs: whatever it replaces later, the harness's own report,
  // assert and assertEqual keep using these (docs/decisions/0021-server-verified-code-runs.md).
  `var apply = Reflect.apply, defineProperty = Object.defineProperty, freeze = Object.freeze, create = Object.create, getPrototypeOf = Object.getPrototypeOf, describeProperty = Object.getOwnPropertyDescriptor, ownKeys = Reflect.ownKeys, is = Object.is, keysOf = Object.keys, isArray = Array.isArray, hasOwn = Object.prototype.hasOwnProperty, stringify = JSON.stringify, join = Array.prototype.join, push = Array.prototype.push, Str = String, TypeErr = TypeError;`,
  `var intrinsics = lockdown ? [Object, Array, String, Number, Boolean, Math, JSON, Map, Set, Symbol, Error, Promise, Reflect, RegExp, Date, parseInt, parseFloat, isNaN, isFinite] : [];`,
  `function record(fields) { var r = create(null), k = keysOf(fields); for (var i = 0; i < k.length; i++) r[k[i]] = fields[k[i]]; return r; }`,
  `var post = typeof postMessage === "function" ? postMessage.bind(globalThis) : null;`,
  `var parts = [], size = 0, truncated = false, reported = false, finishing = false, reportJson, pending = inputs.slice();`,
  // The host reads the report here (Node's vm, or a sandbox without postMessage): the learner's code can neither set nor redefine it.
  `defineProperty(globalThis, "__pwReport", { get: function () { return reportJson; }, enumerable: false, configurable: false });`,
  `function OutputLimit() {}`,
  `function write(s) { if (truncated) throw new OutputLimit(); var room = limit - size; if (s.length > room) { apply(push, parts, [s.slice(0, room)]); size = limit; truncated = true; throw new OutputLimit(); } apply(push, parts, [s]); size += s.length; }`,
  `function show(v, depth, seen) { if (typeof v === "string") return depth ? JSON.stringify(v) : v; if (typeof v === "function") return "[Function" + (v.name ? ": " + v.name : " (anonymous)") + "]"; if (typeof v === "bigint") return v + "n"; if (typeof v === "symbol") return v.toString(); if (v === null || typeof v !== "object") return String(v); if (v instanceof Error) return v.stack || String(v); if (seen.indexOf(v) >= 0) return "[Circular]"; if (depth > 3) return Array.isArray(v) ? "[Array]" : "[Object]"; seen = seen.concat([v]); if (Array.isArray(v)) return v.length ? "[ " + v.map(function (x) { return show(x, depth + 1, seen); }).join(", ") + " ]" : "[]"; if (v instanceof Map) return "Map(" + v.size + ") { " + Array.from(v).map(function (e) { return show(e[0], depth + 1, seen) + " => " + show(e[1], depth + 1, seen); }).join(", ") + " }"; if (v instanceof Set) return "Set(" + v.size + ") { " + Array.from(v).map(function (x) { return show(x, depth + 1, seen); }).join(", ") + " }"; var keys = Object.keys(v); return keys.length ? "{ " + keys.map(function (k) { return (/^[A-Za-z_$][\\w$]*$/.test(k) ? k : JSON.stringify(k)) + ": " + show(v[k], depth + 1, seen); }).join(", ") + " }" : "{}"; }`,
  `function line(args) { return Array.prototype.map.call(args, function (a) { return show(a, 0, []); }).join(" ") + "\\n"; }`,
  `function log() { write(line(arguments)); }`,
  `globalThis.console = { log: log, info: log, warn: log, error: log, debug: log, trace: log };`,
  `globalThis.alert = function (message) { write(String(message === undefined ? "" : message) + "\\n"); };`,
  // Interactive prompt(): the sandbox (runner.ts) hands a cross-origin isolated Worker shared memory
  // before the program starts; prompt() posts what was printed and waits there for the answer.
  `var shared = interactive && typeof self !== "undefined" && self.__pwShared ? self.__pwShared : null;`,
  `function ask() { var c = shared.control; Atomics.store(c, 0, 0); post({ pathwaysInput: apply(join, parts, [""]) }); while (Atomics.load(c, 0) === 0) Atomics.wait(c, 0, 0); if (Atomics.load(c, 0) !== 1) throw new Error("prompt() got no answer"); return new TextDecoder().decode(shared.data.slice(0, Atomics.load(c, 1))); }`,
  `globalThis.prompt = function (message) { write(String(message === undefined ? "" : message)); var value; if (pending.length) value = pending.shift(); else if (shared) value = ask(); else throw new Error("prompt() was called but the program has no input left: it asked for more input than it was given"); write(value + "\\n"); return value; };`,
  // Reading what was thrown may run the learner's code (getters, toString): whatever it does, the result is a failure.
  `function describe(e) { try { if (e instanceof OutputLimit) return record({ limit: true }); if (e !== null && typeof e === "object" && "message" in e) { var name = Str(e.name || "Error"), message = Str(e.message), stack = e.stack, lineno = e.lineno; return record({ message: name + ": " + message, stack: typeof stack === "string" ? stack : null, line: typeof lineno === "number" ? lineno : null, assertion: name === "AssertionError", detail: name === "AssertionError" ? (message === "Assertion failed" ? null : message) : null }); } return record({ message: "Uncaught " + Str(show(e, 1, [])), stack: null, line: null, assertion: false, detail: null }); } catch (x) { return record({ message: "Uncaught exception", stack: null, line: null, assertion: false, detail: null }); } }`,
  `function report(error, test) { if (reported) return; reported = true; reportJson = stringify(record({ nonce: nonce, output: apply(join, parts, [""]), truncated: truncated, error: error, test: test })); if (post) post({ pathwaysReport: reportJson }); }`,
  `function AssertionError(message) { this.message = message; this.name = "AssertionError"; this.stack = new Error(message).stack; }`,
  `function same(a, b) { if (is(a, b)) return true; if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false; if (isArray(a) !== isArray(b)) return false; var ka = keysOf(a), kb = keysOf(b); if (ka.length !== kb.length) return false; for (var i = 0; i < ka.length; i++) { var k = ka[i]; if (!apply(hasOwn, b, [k]) || !same(a[k], b[k])) return false; } return true; }`,
  `function assert(condition, detail) { if (!condition) throw new AssertionError(detail === undefined ? "Assertion failed" : Str(detail)); }`,
  `function assertEqual(actual, expected) { if (!same(actual, expected)) throw new AssertionError("expected " + show(expected, 1, []) + " but got " + show(actual, 1, [])); }`,
  // Timers: the program is finished only when nothing is left to run. With the host's timers (a
  // Worker) callbacks run in real time and the report waits until no timer is pending and promises
  // have settled; without them (Node's vm) the host calls step() until none is left, in virtual time.
  `var host = typeof setTimeout === "function" ? { set: setTimeout.bind(globalThis), clear: clearTimeout.bind(globalThis) } : null;`,
  `var timers = create(null), pendingTimers = 0, nextTimer = 1, clock = 0, main = null;`,
  `function fire(id) { var t = timers[id]; if (!t || reported) return; if (t.repeat) { t.due += Math.max(t.ms, 1); if (host) arm(id, t); } else { delete timers[id]; pendingTimers--; } try { apply(t.fn, globalThis, t.args); } catch (e) { crash(e); return; } settle(); }`,
  `function arm(id, t) { t.handle = host.set(function () { fire(id); }, t.ms); }`,
  `function addTimer(name, fn, ms, args, repeat) { if (typeof fn !== "function") throw new TypeError(name + "() needs a function to call"); ms = Math.max(0, Number(ms) || 0); var id = nextTimer++, t = { fn: fn, args: args, ms: ms, repeat: repeat, due: clock + ms, handle: null }; timers[id] = t; pendingTimers++; if (host) arm(id, t); return id; }`,
  `function removeTimer(id) { var t = timers[id]; if (!t) return; delete timers[id]; pendingTimers--; if (host && t.handle !== null) host.clear(t.handle); settle(); }`,
  `globalThis.setTimeout = function (fn, ms) { return addTimer("setTimeout", fn, ms, Array.prototype.slice.call(arguments, 2), false); };`,
  `globalThis.setInterval = function (fn, ms) { return addTimer("setInterval", fn, ms, Array.prototype.slice.call(arguments, 2), true); };`,
  `globalThis.clearTimeout = globalThis.clearInterval = removeTimer;`,
  // Two turns of the host's event loop after the last timer: promise callbacks have run, and so has
  // the event for a promise rejected with nobody to catch it.
  `function settle() { if (!host || !main || reported || pendingTimers > 0) return; host.set(function () { host.set(function () { if (pendingTimers === 0) finish(); }, 0); }, 0); }`,
  `function step() { if (reported) return false; var best = null, bestId = 0; for (var k in timers) { var t = timers[k]; if (best === null || t.due < best.due) { best = t; bestId = Number(k); } } if (best === null) return false; clock = best.due; fire(bestId); return true; }`,
  // The test runs once, and only the one the program text names (its call carries the run's nonce, which the learner's code never sees).
  `function finish() { if (reported || !main || finishing) return; finishing = true; var fn = main.test; if (!fn) return report(null, null); var args = [apply(join, parts, [""]), assert, assertEqual]; for (var i = 0; i < intrinsics.length; i++) args[args.length] = intrinsics[i]; try { apply(fn, undefined, args); } catch (e) { return report(null, record({ passed: false, error: describe(e) })); } report(null, record({ passed: true })); }`,
  `function crash(e) { report(describe(e), null); }`,
  `function named(token) { if (token === nonce) return true; crash(record({ name: "Error", message: "Your program tried to change how it is checked." })); return false; }`,
  // Verification (the server's check): built-ins are frozen before the learner's code, so it cannot change what the tests use.
  `function harden(o, done) { if (o === null || o === undefined || (typeof o !== "object" && typeof o !== "function") || done.indexOf(o) >= 0) return; done[done.length] = o; var keys = ownKeys(o); for (var i = 0; i < keys.length; i++) { var key = keys[i], d = describeProperty(o, key); if (d && "value" in d && d.configurable && (key === "constructor" || key === "toString" || key === "valueOf" || key === "toLocaleString" || key === "toJSON" || key === "name" || key === "message" || key === "then" || key === Symbol.iterator)) (function (key, value, home) { defineProperty(home, key, { get: function () { return value; }, set: function (v) { if (this === home) throw new TypeErr("Built-in objects cannot be changed while your code is checked"); defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true }); }, enumerable: d.enumerable, configurable: false }); })(key, d.value, o); } freeze(o); }`,
  `if (lockdown) { var done = [], globals = ["Object", "Function", "Array", "String", "Number", "Boolean", "Symbol", "BigInt", "Math", "JSON", "Reflect", "Proxy", "Date", "RegExp", "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError", "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "Promise", "ArrayBuffer", "SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "Atomics", "Iterator", "Intl", "parseInt", "parseFloat", "isNaN", "isFinite", "encodeURIComponent", "decodeURIComponent", "encodeURI", "decodeURI"]; var hidden = [getPrototypeOf(function () {}), getPrototypeOf({}), getPrototypeOf([]), getPrototypeOf(function* () {}), getPrototypeOf(async function () {}), getPrototypeOf(async function* () {}), getPrototypeOf([][Symbol.iterator]()), getPrototypeOf(getPrototypeOf([][Symbol.iterator]())), getPrototypeOf(""[Symbol.iterator]()), getPrototypeOf(new Map()[Symbol.iterator]()), getPrototypeOf(new Set()[Symbol.iterator]()), getPrototypeOf(Int8Array), getPrototypeOf(function* () {}).prototype]; for (var g = 0; g < globals.length; g++) { var name = globals[g], value = globalThis[name]; if (value === undefined) continue; harden(value, done); harden(value.prototype, done); defineProperty(globalThis, name, { value: value, writable: false, configurable: false }); } for (var h = 0; h < hidden.length; h++) { harden(hidden[h], done); harden(hidden[h] && hidden[h].prototype, done); } }`,
  `return freeze({ crash: crash, done: function (token) { if (named(token)) { main = { test: null }; settle(); } }, test: function (token, fn) { if (named(token)) { main = { test: fn }; settle(); } }, step: step, finish: finish });`,
  `})(LIMIT, INPUTS, INTERACTIVE, NONCE, LOCKDOWN); Object.defineProperty(globalThis, "__pw", { value: __pw, writable: false }); if (typeof addEventListener === "function") { addEventListener("error", function (event) { event.preventDefault(); __pw.crash(event.error !== undefined && event.error !== null ? event.error : { name: "Error", message: event.message, lineno: event.lineno }); }); addEventListener("unhandledrejection", function (event) { event.preventDefault(); __pw.crash(event.reason); }); }`,
].join(" ");

/** The names a test sees as parameters in verification mode: the real built-ins, whatever the learner's code declared. */
const TEST_INTRINSICS =
  "Object, Array, String, Number, Boolean, Math, JSON, Map, Set, Symbol, Error, Promise, Reflect, RegExp, Date, parseInt, parseFloat, isNaN, isFinite";

function prepareJavaScript(
  code: string,
  test: string | null,
  inputs: readonly string[],
  interactive: boolean,
  verification: boolean,
): PreparedRun {
  const nonce = newNonce();
  const prelude = JAVASCRIPT_PRELUDE.replace(
    "LIMIT, INPUTS, INTERACTIVE, NONCE, LOCKDOWN",
    () => `${OUTPUT_LIMIT_CHARS}, ${JSON.stringify(inputs)}, ${interactive}, "${nonce}", ${verification}`,
  );
  const codeLines = lineCount(code);
  // Line 1: the prelude. Lines 2..: the learner's code. Then the test, in a function at top level
  // so it sees the program's own top-level declarations (and, when verifying, the real built-ins).
  const params = verification ? `output, assert, assertEqual, ${TEST_INTRINSICS}` : "output, assert, assertEqual";
  const tail = test === null ? `;__pw.done("${nonce}");` : `;__pw.test("${nonce}", function (${params}) {\n${test}\n});`;
  return {
    language: "javascript",
    text: `${prelude}\n${code}\n${tail}\n`,
    nonce,
    layout: {
      codeStart: 2,
      codeLines,
      testStart: test === null ? null : 2 + codeLines + 1,
      testLines: test === null ? 0 : lineCount(test),
    },
  };
}

// ---------------------------------------------------------------------------
// Building and reading runs
// ---------------------------------------------------------------------------

function lineCount(text: string): number {
  return text.split("\n").length;
}

/**
 * The program text for one run of `code` (and, if given, one test after it). `interactive`: once the
 * inputs are used up, input()/prompt() ask the learner, where the host can (a cross-origin isolated
 * sandbox, runner.ts); elsewhere it is ignored.
 */
export function prepareRun(
  language: CodeLanguage,
  code: string,
  test: string | null,
  inputs: readonly string[],
  { interactive = false, verification = false }: { interactive?: boolean; verification?: boolean } = {},
): PreparedRun {
  return language === "python"
    ? preparePython(code, test, inputs, interactive, verification)
    : prepareJavaScript(code, test, inputs, interactive, verification);
}

type ReportedError = {
  limit?: boolean;
  message?: string;
  line?: number | null;
  stack?: string | null;
  assertion?: boolean;
  detail?: string | null;
};
type Report = {
  nonce?: unknown;
  output: string;
  truncated: boolean;
  error: ReportedError | null;
  test: { passed: boolean; error?: ReportedError } | null;
};

const OUTPUT_LIMIT_MESSAGE = `Your program printed more than ${OUTPUT_LIMIT_CHARS.toLocaleString("en-GB")} characters, so it was stopped. Check for a loop that prints more than you meant it to.`;
const FORGED_MESSAGE = "Your program tried to change how it is checked, so its result was not counted.";
const TIMEOUT_MESSAGE = `Your program was still running after ${RUN_TIME_LIMIT_MS / 1000} seconds, so it was stopped. Check for a loop that never ends.`;

/** Positions in a V8 stack trace ("at f (blob:null/…:12:5)", "at exercise.js:12:5"), innermost first. */
function stackLines(stack: string): number[] {
  const lines: number[] = [];
  for (const frame of stack.split("\n")) {
    const match = /:(\d+):\d+\)?\s*$/.exec(frame);
    if (match && /^\s*at\s/.test(frame)) lines.push(Number(match[1]));
  }
  return lines;
}

/** The line in the learner's code a JavaScript error points at (innermost frame in their code), if any. */
export function learnerLine(layout: RunLayout, where: { line?: number | null; stack?: string | null }): number | null {
  const candidates = [...(where.stack ? stackLines(where.stack) : []), ...(typeof where.line === "number" ? [where.line] : [])];
  for (const textLine of candidates) {
    const line = textLine - layout.codeStart + 1;
    if (line >= 1 && line <= layout.codeLines) return line;
  }
  return null;
}

function toRunError(language: CodeLanguage, layout: RunLayout, error: ReportedError): RunError {
  if (error.limit) return { message: OUTPUT_LIMIT_MESSAGE, line: null };
  const message = (error.message ?? "Error").replace(/^Uncaught /, "");
  const line = language === "python" ? (error.line ?? null) : learnerLine(layout, error);
  return { message, line };
}

/** What one run did: what it printed, whether the program stopped with an error, whether the test passed. */
export type RunOutcome = {
  stdout: string;
  truncated: boolean;
  timedOut: boolean;
  stopped: boolean;
  unavailable: string | null;
  error: RunError | null;
  test: { passed: boolean; detail?: string } | null;
};

export function interpretRun(prepared: PreparedRun, raw: RawRun): RunOutcome {
  const empty = { stdout: "", truncated: false, timedOut: false, stopped: false, unavailable: null, error: null, test: null };
  if (raw.kind === "timeout") return { ...empty, timedOut: true, error: { message: TIMEOUT_MESSAGE, line: null } };
  if (raw.kind === "stopped") return { ...empty, stopped: true, error: { message: "You stopped the program.", line: null } };
  if (raw.kind === "unavailable") return { ...empty, unavailable: raw.message, error: { message: raw.message, line: null } };
  if (raw.kind === "crash") {
    const line = learnerLine(prepared.layout, raw);
    return { ...empty, error: { message: raw.message.replace(/^Uncaught /, ""), line } };
  }
  let report: Report;
  try {
    report = JSON.parse(raw.report) as Report;
  } catch {
    return { ...empty, error: { message: "The program's result could not be read. Try again.", line: null } };
  }
  if (typeof report !== "object" || report === null) {
    return { ...empty, error: { message: "The program's result could not be read. Try again.", line: null } };
  }
  // A report without this run's nonce was not made by the harness: the learner's code wrote it.
  if (prepared.nonce !== undefined && report.nonce !== prepared.nonce) {
    return { ...empty, error: { message: FORGED_MESSAGE, line: null } };
  }
  const outcome: RunOutcome = {
    ...empty,
    stdout: typeof report.output === "string" ? report.output : "",
    truncated: report.truncated === true,
    error: report.error ? toRunError(prepared.language, prepared.layout, report.error) : null,
  };
  if (report.test) {
    if (report.test.passed) outcome.test = { passed: true };
    else {
      const error = report.test.error ?? {};
      let detail: string | undefined;
      if (error.limit) detail = OUTPUT_LIMIT_MESSAGE;
      else if (error.assertion) detail = error.detail ?? undefined;
      else if (error.message) {
        const mapped = toRunError(prepared.language, prepared.layout, error);
        detail = mapped.line === null ? mapped.message : `${mapped.message} (line ${mapped.line} of your code)`;
      }
      outcome.test = detail ? { passed: false, detail } : { passed: false };
    }
  }
  return outcome;
}

/** Press "Run": the program once, with the given inputs, no tests. */
export async function runProgram(
  execute: ExecuteRun,
  {
    language,
    code,
    inputs,
    interactive = false,
    verification = false,
  }: { language: CodeLanguage; code: string; inputs: readonly string[]; interactive?: boolean; verification?: boolean },
): Promise<RunResult> {
  const prepared = prepareRun(language, code, null, inputs, { interactive, verification });
  const outcome = interpretRun(prepared, await execute(prepared));
  return {
    mode: "run",
    status: outcome.unavailable
      ? "unavailable"
      : outcome.stopped
        ? "stopped"
        : outcome.timedOut
          ? "timeout"
          : outcome.error
            ? "error"
            : "ran",
    passed: false,
    stdout: outcome.stdout,
    stdoutTruncated: outcome.truncated,
    error: outcome.error,
    tests: [],
  };
}

/**
 * Press "Check": the program once on its own (its output and any error are what the learner sees),
 * then each test in a fresh run of the program. If the program itself fails, the tests are not run.
 * With no tests, the check passes when the program finishes without an error.
 */
export async function checkProgram(
  execute: ExecuteRun,
  {
    language,
    code,
    inputs,
    tests,
    verification = false,
  }: { language: CodeLanguage; code: string; inputs: readonly string[]; tests: readonly ExerciseTest[]; verification?: boolean },
): Promise<RunResult> {
  const plain = await runProgram(execute, { language, code, inputs, verification });
  const base = { ...plain, mode: "check" as const };
  if (plain.status !== "ran") {
    return {
      ...base,
      tests: tests.map((t) => ({
        name: t.name,
        passed: false,
        message: t.message,
        detail: "Not run: your program stopped before the end.",
      })),
    };
  }
  const results: TestResult[] = [];
  for (const test of tests) {
    const prepared = prepareRun(language, code, test.code, inputs, { verification });
    const outcome = interpretRun(prepared, await execute(prepared));
    if (outcome.unavailable || outcome.stopped)
      return { ...base, status: outcome.stopped ? "stopped" : "unavailable", error: outcome.error, tests: [] };
    if (outcome.test?.passed) {
      results.push({ name: test.name, passed: true });
      continue;
    }
    const detail = outcome.timedOut
      ? TIMEOUT_MESSAGE
      : outcome.error
        ? outcome.error.line === null
          ? outcome.error.message
          : `${outcome.error.message} (line ${outcome.error.line} of your code)`
        : outcome.test?.detail;
    results.push(
      detail
        ? { name: test.name, passed: false, message: test.message, detail }
        : { name: test.name, passed: false, message: test.message },
    );
  }
  const passed = results.every((r) => r.passed);
  return { ...base, status: passed ? "passed" : "failed", passed, tests: results };
}

/**
 * Whether a run completes the activity (the browser reports this; the server records it). Passing
 * every test always does. A predict exercise without tests is complete once the learner has made a
 * prediction and run the program to the end (an error the program was meant to show counts).
 */
export function runCompletesActivity(
  exercise: { kind: ExerciseKind; testCount: number },
  result: Pick<RunResult, "status" | "passed">,
  predicted: boolean,
): boolean {
  if (result.passed) return true;
  return exercise.kind === "predict" && exercise.testCount === 0 && predicted && (result.status === "ran" || result.status === "error");
}

/** The program a predict exercise shows: its starter, or the solution when there is none. */
export function predictProgram(exercise: { starter?: string | undefined; solution: string }): string {
  return exercise.starter !== undefined && exercise.starter.trim() !== "" ? exercise.starter : exercise.solution;
}
