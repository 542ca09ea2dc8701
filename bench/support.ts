/**
 * Shared by the benches: a production server on a throwaway database (scripts/e2e-server.sh), a
 * signed-in learner, a load client, CPU time read from /proc, and Chromium launched the way the
 * browser tests launch it. Loopback only.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";

export type BenchServer = {
  base: string;
  dir: string;
  /** The process group's leader: the server and everything it started. */
  pid: number;
  /** SIGTERM to the group, without waiting. */
  stop: () => void;
  /** SIGTERM to the group, waits until it is gone (SIGKILL after 15 s), removes the folder it made. */
  close: () => Promise<void>;
};

/**
 * Starts scripts/e2e-server.sh in its own process group; `stop()` ends the group, as does this
 * process's exit, which also removes the folder the server was given (`close()` waits for the group).
 * `dir` shares another server's folder (media, uploads, keys; the database too unless
 * E2E_DATABASE_URL says otherwise) instead of making one.
 */
export async function startBenchServer(port: number, env: Record<string, string> = {}, dir?: string): Promise<BenchServer> {
  const ownDir = !dir;
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), "pathways-bench-"));
  const base = `http://localhost:${port}`;
  const server = spawn("bash", ["scripts/e2e-server.sh"], {
    // e2e-server.sh insists on an SMTP server; a bench sends no email, and a job that tries fails quietly.
    env: { ...process.env, SMTP_URL: process.env.SMTP_URL ?? "smtp://127.0.0.1:9", PATHWAYS_E2E_DIR: dir, PORT: String(port), ...env },
    stdio: "ignore",
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  process.on("exit", () => {
    stop();
    if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const groupAlive = () => {
    try {
      process.kill(-server.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const close = async () => {
    stop();
    for (let i = 0; i < 150 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive()) process.kill(-server.pid!, "SIGKILL");
    if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, dir, pid: server.pid!, stop, close };
    } catch {
      /* not yet */
    }
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error(`the bench server on port ${port} did not start`);
}

/** Signs the demo learner in and enrols them on the module the lesson benches read; returns the cookie. */
export async function signInAndEnrol(base: string, moduleId = "unconscious-bias-toolkit"): Promise<string> {
  const form = new URLSearchParams({ email: "learner@pathways.test", password: "learner-pathways-demo" });
  const res = await fetch(`${base}/sign-in`, { method: "POST", body: form, redirect: "manual", headers: { Origin: base } });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  await fetch(`${base}/courses/${moduleId}`, {
    method: "POST",
    body: new URLSearchParams({ intent: "enrol" }),
    redirect: "manual",
    headers: { Origin: base, Cookie: cookie },
  });
  return cookie;
}

export type LoadResult = { requests: number; seconds: number; rps: number; p50: number; p95: number; errors: number };

/**
 * `total` GET requests from `concurrency` loops at once; request i goes to urls[i % urls.length]
 * (round robin when several servers share the load). Anything but a 200 is an error. Latencies in ms.
 */
export async function load(
  urls: string[],
  { total, concurrency, headers = {} }: { total: number; concurrency: number; headers?: Record<string, string> },
) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const url = urls[next++ % urls.length]!;
        const t = performance.now();
        try {
          // A redirect (to the sign-in page, say) is an error, not the page asked for.
          const res = await fetch(url, { headers, redirect: "manual" });
          await res.arrayBuffer();
          if (res.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { requests: total, seconds, rps: total / seconds, p50: pct(50), p95: pct(95), errors } satisfies LoadResult;
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux (getconf CLK_TCK)

type ProcStat = { pid: number; ppid: number; ticks: number; rssBytes: number };

const PAGE_BYTES = 4096;

/** Every process's parent, CPU ticks (its own and its reaped children's) and resident memory, from /proc/<pid>/stat. */
function readProcStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): ppid is field 4, utime/stime/cutime/cstime are fields 14-17, rss (pages) 24.
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    stats.push({ pid: Number(entry), ppid: Number(fields[1]), ticks, rssBytes: Number(fields[21]) * PAGE_BYTES });
  }
  return stats;
}

/** The processes of each tree: a root pid and its descendants. */
function trees(roots: number[]): ProcStat[][] {
  const stats = readProcStats();
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  return roots.map((root) => {
    const tree: ProcStat[] = [];
    const queue = [byPid.get(root)].filter((s): s is ProcStat => !!s);
    for (let s = queue.shift(); s; s = queue.shift()) {
      tree.push(s);
      queue.push(...(children.get(s.pid) ?? []));
    }
    return tree;
  });
}

/**
 * CPU seconds used so far by each group of process trees (root pids and their descendants), for
 * deltas around a phase. A child that ended and was reaped counts in its parent's cutime/cstime.
 */
export function treeCpuSeconds(groups: Record<string, number[]>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(groups).map(([name, roots]) => [
      name,
      trees(roots)
        .flat()
        .reduce((sum, s) => sum + s.ticks, 0) / TICKS_PER_SECOND,
    ]),
  );
}

/** The resident memory (MB) of the largest process in each tree: the server itself, not its wrappers. */
export function largestProcessRssMb(roots: number[]): number[] {
  return trees(roots).map((tree) => Math.max(0, ...tree.map((s) => s.rssBytes)) / 2 ** 20);
}

/**
 * The whole machine's CPU seconds so far (all cores), from /proc/stat: busy, total, and of the busy
 * time what the kernel spent in interrupts (loopback networking is mostly softirq, charged to no process).
 */
export function machineCpuSeconds(): { busy: number; total: number; interrupts: number } {
  const [, ...values] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0); // user … steal (guest is within user)
  const idle = ticks[3]! + ticks[4]!; // idle, iowait
  const interrupts = ticks[5]! + ticks[6]!; // irq, softirq
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND, interrupts: interrupts / TICKS_PER_SECOND };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: fs.existsSync(chromium.executablePath()) ? undefined : "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
