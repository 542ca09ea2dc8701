import type { ChildProcess } from "node:child_process";
import path from "node:path";

/**
 * For the specs that start the production build themselves, in a child process on its own database
 * and folders (production-start.spec.ts, operations.spec.ts): an environment without the journeys'
 * settings, the child's output, waiting for /healthz, and stopping its whole process group.
 */
export function serverProcessEnv(dir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    "NODE_ENV",
    "SEED_DEMO_DATA",
    "ENABLE_DEV_PAGES",
    "SECURE_COOKIES",
    "APP_ORIGIN",
    "EXTRA_COURSES_DIRS",
    "LOG_FORMAT",
    "SMTP_URL",
  ])
    delete env[name];
  return {
    ...env,
    CHECKPOINT_DISABLE: "1",
    PORT: String(port),
    DATABASE_URL: `file:${path.join(dir, "pathways.db")}`,
    OUTBOX_DIR: path.join(dir, "outbox"),
    MEDIA_DIR: path.join(dir, "media"),
    UPLOADS_DIR: path.join(dir, "uploads"),
    KEYS_DIR: path.join(dir, "keys"),
  };
}

/** Everything the child writes to stdout and stderr so far. */
export function collectOutput(child: ChildProcess): () => string {
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

export async function waitForHealth(base: string, child: ChildProcess, output: () => string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer /healthz within ${timeoutMs / 1000} s:\n${output()}`);
}

/** Signals the child's whole process group (it was spawned `detached`: npm and tsx start children). */
export function stopProcessGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL") {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
