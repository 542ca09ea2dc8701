/**
 * The isolation boundary for code run on the server (docs/decisions/0027-server-side-code-runs-in-a-confined-child.md):
 * authors' exercise checks (courses:check, submitting and approving a draft) and anything else that
 * runs harness program texts. Implements the harness's ExecuteRun by running each text in a
 * SEPARATE, short-lived child process (sandbox-child.mjs), never in this process:
 *
 * - confined with bubblewrap: new user, pid, net, ipc, uts and mount namespaces, an unprivileged
 *   uid/gid, no capabilities, read-only binds of only the node binary, its libraries, the child
 *   script and the runtime packages, a small tmpfs /tmp, an empty environment;
 * - under rlimits (prlimit: processes, open files, file size, CPU seconds, no core dumps), a
 *   wall-clock kill of the whole process group at the time limit and an RSS watchdog;
 * - with Node's permission model (reads only under /sandbox; no child processes, workers or writes);
 * - JavaScript in QuickJS (WebAssembly, no host functions), Python in Pyodide without `js`/`pyodide_js`.
 *
 * Talks JSON lines over stdio and reads back at most READ_LIMIT_BYTES per message. Without
 * bubblewrap (or user namespaces) every run answers "unavailable": there is no unconfined fallback.
 *
 * A runner is ONE job (one courses:check run, one draft's checks): its child is reused for that job's
 * runs only, and killed by close() or after IDLE_MS without a run. At most SANDBOX_CONCURRENCY
 * children live at once in this process; jobs beyond that wait in a queue.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { getEnv } from "../../utils/env.server.ts";
import { RUN_TIME_LIMIT_MS, type CodeLanguage, type ExecuteRun, type PreparedRun, type RawRun } from "../exercises/harness.ts";

/** A child whose processes together use more resident memory than this is killed. */
export const RSS_LIMIT_BYTES = 512 * 1024 * 1024;
/** The most the parent reads back for one message (a report holds at most 100,000 characters of output). */
export const READ_LIMIT_BYTES = 2 * 1024 * 1024;
/** Loading a runtime (Pyodide: seconds; more on a busy machine) must finish within this. */
const LOAD_TIMEOUT_MS = 90_000;
/** A job's child is stopped after this long without a run, freeing its place in the queue. */
const IDLE_MS = 5_000;
/** JavaScript stops itself at the limit (QuickJS's interrupt handler); the kill is the backstop. */
const JAVASCRIPT_KILL_GRACE_MS = 2_000;
const RSS_POLL_MS = 100;

export const LIMITS = {
  processes: 64, // threads count too: Node itself uses about a dozen
  openFiles: 256,
  fileSizeBytes: 16 * 1024 * 1024,
  cpuSeconds: 600, // per child (one job's runs together); each run also has its wall-clock limit
  tmpBytes: 16 * 1024 * 1024,
  jsHeapMb: 256,
};

export const SANDBOX_HELP =
  "Code cannot be run on this server: the sandbox needs bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) " +
  "and unprivileged user namespaces (see docs/deploying.md).";

/** The whole environment bwrap and prlimit get (typed loosely: NodeJS.ProcessEnv is augmented with NODE_ENV). */
const MINIMAL_ENV = { PATH: "/usr/local/bin:/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv;

const MEMORY_MESSAGE = `MemoryError: the program used more than ${RSS_LIMIT_BYTES / 1024 / 1024} MB of memory, so it was stopped.`;
const OVERSIZED_MESSAGE = "The program's result was too large to read, so it was stopped.";

// ---------------------------------------------------------------------------------------------
// What the child sees
// ---------------------------------------------------------------------------------------------

type Layout = { nodeBinary: string; libraries: string[]; binds: [source: string, target: string][] };
let layoutCache: Layout | undefined;

/** Shared libraries the node binary needs (from ldd), or the standard library folders if ldd is absent. */
function nodeLibraries(nodeBinary: string): string[] {
  try {
    const out = execFileSync("ldd", [nodeBinary], { encoding: "utf8", env: MINIMAL_ENV, timeout: 10_000 });
    const found = [...out.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]!);
    if (found.length > 0) return [...new Set(found)];
  } catch {
    // Statically linked, or no ldd: fall back to the folders below.
  }
  return ["/lib", "/lib64", "/usr/lib", "/usr/lib64"].filter((dir) => fs.existsSync(dir));
}

function sandboxLayout(): Layout {
  if (layoutCache) return layoutCache;
  const require = createRequire(import.meta.url);
  const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
  // quickjs-emscripten-core does not export its package.json: its folder is two above its entry.
  const quickJsCore = path.resolve(path.dirname(require.resolve("quickjs-emscripten-core")), "..");
  const nodeBinary = fs.realpathSync(process.execPath);
  layoutCache = {
    nodeBinary,
    libraries: nodeLibraries(nodeBinary),
    binds: [
      [require.resolve("#sandbox-child"), "/sandbox/sandbox-child.mjs"],
      [packageDir("pyodide"), "/sandbox/node_modules/pyodide"],
      [quickJsCore, "/sandbox/node_modules/quickjs-emscripten-core"],
      [packageDir("@jitl/quickjs-ffi-types"), "/sandbox/node_modules/@jitl/quickjs-ffi-types"],
      [packageDir("@jitl/quickjs-wasmfile-release-sync"), "/sandbox/node_modules/@jitl/quickjs-wasmfile-release-sync"],
    ],
  };
  return layoutCache;
}

/** The command line: prlimit (rlimits) -> bwrap (namespaces, binds) -> node (permissions) -> the child. */
export function sandboxCommand(): { command: string; args: string[] } {
  const layout = sandboxLayout();
  const bwrap = [
    "--unshare-all", // user, pid, net, ipc, uts, cgroup namespaces: no network but an empty loopback
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
    "--uid",
    "65534",
    "--gid",
    "65534",
    "--hostname",
    "sandbox",
    "--clearenv",
    "--setenv",
    "LANG",
    "C.UTF-8",
    "--setenv",
    "HOME",
    "/tmp",
    "--ro-bind",
    layout.nodeBinary,
    "/sandbox/bin/node",
    ...layout.libraries.flatMap((lib) => ["--ro-bind", lib, lib]),
    ...layout.binds.flatMap(([source, target]) => ["--ro-bind", source, target]),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--size",
    String(LIMITS.tmpBytes),
    "--tmpfs",
    "/tmp",
    "--chdir",
    "/tmp",
    "--",
    "/sandbox/bin/node",
    "--experimental-permission",
    "--allow-fs-read=/sandbox/",
    `--max-old-space-size=${LIMITS.jsHeapMb}`,
    "--disable-warning=ExperimentalWarning",
    "/sandbox/sandbox-child.mjs",
  ];
  return {
    command: "prlimit",
    args: [
      `--nproc=${LIMITS.processes}`,
      `--nofile=${LIMITS.openFiles}`,
      `--fsize=${LIMITS.fileSizeBytes}`,
      `--cpu=${LIMITS.cpuSeconds}`,
      "--core=0",
      "--",
      "bwrap",
      ...bwrap,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Concurrency: a small global queue of children
// ---------------------------------------------------------------------------------------------

let freeSlots: number | null = null; // read from the environment on first use
const waiting: (() => void)[] = [];

function acquireSlot(): Promise<void> {
  freeSlots ??= getEnv().SANDBOX_CONCURRENCY;
  if (freeSlots > 0) {
    freeSlots--;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function releaseSlot() {
  const next = waiting.shift();
  if (next) next();
  else freeSlots = (freeSlots ?? 0) + 1;
}

// ---------------------------------------------------------------------------------------------
// One child process
// ---------------------------------------------------------------------------------------------

type Message = { ready?: true; id?: number; started?: true; raw?: unknown; retire?: true };
type Ending = "killed-timeout" | "killed-memory" | "killed-oversized" | "killed-load" | "closed" | null;

/** The pids of a process and all its descendants (from /proc), to measure and to kill. */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${pids[i]}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        const children = fs.readFileSync(`/proc/${pids[i]}/task/${task}/children`, "utf8").trim();
        if (children) pids.push(...children.split(/\s+/).map(Number));
      } catch {
        // gone meanwhile
      }
    }
  }
  return pids;
}

function residentBytes(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

class SandboxChild {
  private readonly process: ChildProcess;
  private buffered = "";
  private stderrTail = "";
  private listener: ((message: Message) => void) | null = null;
  private watchdog: ReturnType<typeof setInterval>;
  ending: Ending = null;
  exited = false;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly ready: Promise<boolean>;

  constructor() {
    const { command, args } = sandboxCommand();
    // detached: a process group of its own, killed as a whole. The environment is explicit and
    // minimal (bwrap clears it again for the child): no server secret is ever passed on.
    this.process = spawn(command, args, {
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
      env: MINIMAL_ENV,
    });
    this.exit = new Promise((resolve) => {
      this.process.once("error", () => {
        this.exited = true;
        resolve({ code: null, signal: null });
      });
      this.process.once("exit", (code, signal) => {
        this.exited = true;
        clearInterval(this.watchdog);
        resolve({ code, signal });
      });
    });
    this.process.stdin!.on("error", () => undefined);
    this.process.stdout!.setEncoding("utf8");
    this.process.stdout!.on("data", (chunk: string) => this.read(chunk));
    this.process.stderr!.setEncoding("utf8");
    this.process.stderr!.on("data", (chunk: string) => {
      if (this.stderrTail.length < 8_192) this.stderrTail = (this.stderrTail + chunk).slice(0, 8_192);
    });
    this.ready = new Promise((resolve) => {
      this.listener = (message) => {
        if (message.ready) resolve(true);
      };
      void this.exit.then(() => resolve(false));
    });
    this.watchdog = setInterval(() => {
      if (this.exited || !this.process.pid) return;
      if (residentBytes(processTree(this.process.pid)) > RSS_LIMIT_BYTES) this.kill("killed-memory");
    }, RSS_POLL_MS);
    this.watchdog.unref();
  }

  /** Why the child could not start, for the "unavailable" message. */
  startFailure(): string {
    const detail = this.stderrTail
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !/ExperimentalWarning|trace-warnings/.test(line))
      .slice(0, 3)
      .join(" ");
    return detail ? `${SANDBOX_HELP} (${detail})` : SANDBOX_HELP;
  }

  private read(chunk: string) {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf("\n")) >= 0) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      if (line.length > READ_LIMIT_BYTES) return this.kill("killed-oversized");
      let message: Message;
      try {
        message = JSON.parse(line) as Message;
      } catch {
        continue;
      }
      this.listener?.(message);
    }
    if (this.buffered.length > READ_LIMIT_BYTES) this.kill("killed-oversized");
  }

  onMessage(listener: (message: Message) => void) {
    this.listener = listener;
  }

  send(request: { id: number; language: CodeLanguage; text: string; timeoutMs: number }) {
    this.process.stdin!.write(`${JSON.stringify(request)}\n`);
  }

  /** SIGKILL for every process of the child: its group and, for good measure, each descendant. */
  kill(reason: Exclude<Ending, null>) {
    if (this.ending === null) this.ending = reason;
    const pid = this.process.pid;
    if (!pid || this.exited) return;
    const tree = processTree(pid);
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
    for (const member of tree) {
      try {
        process.kill(member, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A job's runner
// ---------------------------------------------------------------------------------------------

const RAW_KINDS = new Set(["report", "crash", "timeout", "stopped", "unavailable"]);

/** Only a well-formed RawRun is passed on; strings are cut to the read limit. */
function checkedRaw(value: unknown): RawRun {
  if (typeof value !== "object" || value === null || !RAW_KINDS.has((value as { kind?: string }).kind ?? "")) {
    return { kind: "crash", message: "The code runner sent a result that could not be read." };
  }
  const raw = value as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v.slice(0, READ_LIMIT_BYTES) : null);
  switch (raw.kind) {
    case "report":
      return { kind: "report", report: text(raw.report) ?? "" };
    case "crash":
      return {
        kind: "crash",
        message: text(raw.message) ?? "Error",
        line: typeof raw.line === "number" ? raw.line : null,
        stack: text(raw.stack),
      };
    case "unavailable":
      return { kind: "unavailable", message: text(raw.message) ?? SANDBOX_HELP };
    case "timeout":
      return { kind: "timeout" };
    default:
      return { kind: "stopped" };
  }
}

export type SandboxRunner = {
  /** Runs one harness program text in the job's confined child (started on first use). */
  execute: ExecuteRun;
  /** Kills the job's child and frees its place. The runner may be used again afterwards. */
  close: () => Promise<void>;
};

/**
 * A runner for ONE job (e.g. one draft's checks, one courses:check run or one verification): runs
 * are queued one at a time; call close() when the job is done.
 */
export function createSandboxRunner({ timeoutMs = RUN_TIME_LIMIT_MS }: { timeoutMs?: number } = {}): SandboxRunner {
  let child: SandboxChild | null = null;
  let holdsSlot = false;
  let queue: Promise<unknown> = Promise.resolve();
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;

  async function stopChild() {
    const current = child;
    child = null;
    if (current) {
      current.kill("closed");
      await current.exit;
    }
    if (holdsSlot) {
      holdsSlot = false;
      releaseSlot();
    }
  }

  async function startChild(): Promise<SandboxChild | string> {
    if (!holdsSlot) {
      await acquireSlot();
      holdsSlot = true;
    }
    const started = new SandboxChild();
    const ready = await started.ready;
    if (!ready) {
      await stopChild();
      return started.startFailure();
    }
    child = started;
    return started;
  }

  async function runOne(run: PreparedRun): Promise<RawRun> {
    if (idleTimer) clearTimeout(idleTimer);
    const current = child && !child.exited ? child : await startChild();
    if (typeof current === "string") return { kind: "unavailable", message: current };
    const id = nextId++;
    const raw = await new Promise<RawRun>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = setTimeout(() => current.kill("killed-load"), LOAD_TIMEOUT_MS);
      current.onMessage((message) => {
        if (message.id !== id) return;
        if (message.started) {
          if (timer) clearTimeout(timer);
          const limit = run.language === "javascript" ? timeoutMs + JAVASCRIPT_KILL_GRACE_MS : timeoutMs;
          timer = setTimeout(() => current.kill("killed-timeout"), limit);
          return;
        }
        if (message.raw !== undefined) {
          if (timer) clearTimeout(timer);
          timer = null;
          // The child's runtime may be broken (e.g. Pyodide after a fatal error): start afresh next time.
          if (message.retire) current.kill("closed");
          resolve(checkedRaw(message.raw));
        }
      });
      void current.exit.then(({ code, signal }) => {
        if (timer) clearTimeout(timer);
        switch (current.ending) {
          case "killed-timeout":
            return resolve({ kind: "timeout" });
          case "killed-memory":
            return resolve({ kind: "crash", message: MEMORY_MESSAGE });
          case "killed-oversized":
            return resolve({ kind: "crash", message: OVERSIZED_MESSAGE });
          case "killed-load":
            return resolve({ kind: "unavailable", message: `The ${run.language} runtime took too long to start. Try again.` });
          default:
            return resolve({
              kind: "crash",
              message: `The program stopped the code runner (${signal ?? `exit code ${code}`}).`,
            });
        }
      });
      current.send({ id, language: run.language, text: run.text, timeoutMs });
    });
    if (current.exited || current.ending !== null) {
      // Killed or crashed: the next run of this job gets a fresh child.
      if (child === current) child = null;
      await current.exit;
      if (holdsSlot && child === null) {
        holdsSlot = false;
        releaseSlot();
      }
    }
    idleTimer = setTimeout(() => void (queue = queue.then(stopChild)), IDLE_MS);
    idleTimer.unref();
    return raw;
  }

  return {
    execute: (run) => {
      const next = queue.then(() => runOne(run));
      queue = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      if (idleTimer) clearTimeout(idleTimer);
      const done = queue.then(stopChild);
      queue = done.catch(() => undefined);
      await done;
    },
  };
}

/**
 * Runs a trivial program in a fresh sandbox and logs once whether code can be run on this server
 * (at start-up). Returns the message when it cannot.
 */
export async function checkSandbox(log: (message: string) => void = console.log): Promise<string | null> {
  const runner = createSandboxRunner();
  try {
    const raw = await runner.execute({
      language: "javascript",
      text: "var __pw = { step: function () { return false; }, finish: function () { globalThis.__pwReport = '{}'; } };",
      layout: { codeStart: 2, codeLines: 0, testStart: null, testLines: 0 },
    });
    if (raw.kind === "report") {
      log("Code sandbox: ready (bubblewrap, QuickJS and Pyodide in a confined child process).");
      return null;
    }
    const message = raw.kind === "unavailable" || raw.kind === "crash" ? raw.message : SANDBOX_HELP;
    log(`Code sandbox: UNAVAILABLE. ${message}`);
    return message;
  } finally {
    await runner.close();
  }
}
