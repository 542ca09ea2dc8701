/**
 * A throwaway PostgreSQL server for tests and for writing migrations (docs/decisions/0050): Debian's
 * postgresql binaries, a cluster in a temporary directory, listening on 127.0.0.1 and a free port
 * only, trusting local connections, removed when stopped. `initdb` refuses to run as root, so when
 * this process is root the cluster is made and run as the `postgres` user the package creates.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type Cluster = {
  url: (database?: string) => string;
  /** Creates a database, as a copy of `template` if given (PostgreSQL copies files: fast). */
  createDatabase: (name: string, template?: string) => Promise<void>;
  port: number;
  dir: string;
  stop: () => void;
};

/** The directory of the newest PostgreSQL server binaries installed, or null when there are none. */
export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")) && fs.existsSync(path.join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server binary, as the `postgres` user when this process is root. */
function run(bin: string, args: string[], asUser: string | null) {
  const [command, fullArgs] = asUser ? ["runuser", ["-u", asUser, "--", bin, ...args]] : [bin, args];
  const result = spawnSync(command, fullArgs, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${path.basename(bin)} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

/**
 * Starts a new cluster; `stop()` shuts it down and deletes its files. `settings` adds server settings
 * (`-c name=value`), e.g. `{ shared_preload_libraries: "pg_stat_statements" }` for bench/scale.ts.
 */
export async function startCluster(settings: Record<string, string> = {}): Promise<Cluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL's server binaries are not installed (Debian: apt-get install postgresql).");
  const asUser = process.getuid?.() === 0 ? "postgres" : null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-pg-"));
  if (asUser) execFileSync("chown", [asUser, dir]);
  const data = path.join(dir, "data");
  run(path.join(bin, "initdb"), ["-D", data, "-U", "pathways", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], asUser);
  const port = await freePort();
  // fsync off: a test cluster is thrown away, and a crash loses nothing worth keeping.
  const extra = Object.entries(settings).map(([name, value]) => ` -c ${name}=${value}`);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200${extra.join("")}`;
  run(path.join(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "30", "start"], asUser);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asUser);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const url = (database = "postgres") => `postgresql://pathways@127.0.0.1:${port}/${database}`;
  const createDatabase = async (name: string, template?: string) => {
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    try {
      const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;
      await client.query(`CREATE DATABASE ${quote(name)}${template ? ` TEMPLATE ${quote(template)}` : ""}`);
    } finally {
      await client.end();
    }
  };
  return { port, dir, stop, url, createDatabase };
}
