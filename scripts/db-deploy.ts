/**
 * `npm run db:deploy [-- --demo]`: applies pending migrations (`prisma migrate deploy`), then
 * prepares the data (scripts/prepare.ts: demo accounts when asked, publishing modules and events).
 *
 * On PostgreSQL several app servers may start at once (`npm start` on each). Prisma's own migration
 * lock gives up after 10 seconds, and two servers publishing the same new module version at once
 * would collide, so the whole deploy runs under one advisory lock of ours: the second server waits
 * for the first, then finds nothing left to do (docs/decisions/0050). The lock is a session lock on
 * a connection held by this process, so it is released if the process dies. On SQLite a lock file
 * does the same.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { databaseFile, databaseProvider, databaseUrl } from "../app/utils/database-url.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
/** Any fixed number: the deploy lock's key, shared by every server of one database. */
const DEPLOY_LOCK_KEY = 7_370_501;

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function deploy() {
  run(bin("prisma"), ["migrate", "deploy"]);
  run(bin("tsx"), [path.join(root, "scripts", "prepare.ts"), ...process.argv.slice(2)]);
}

/** Whether a process is alive (a lock file whose owner died is taken over). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * SQLite: one server owns the file, but `npm run dev` started twice, or a restart overlapping the
 * old process, must not publish at the same time either (the second would wait out SQLite's busy
 * timeout and fail). A lock file beside the database, holding our pid, serialises them.
 */
async function withLockFile(lockFile: string, work: () => void) {
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(lockFile, "utf8"));
      if (!Number.isInteger(owner) || owner <= 0 || !alive(owner)) {
        fs.rmSync(lockFile, { force: true }); // left by a process that died
        continue;
      }
      if (!announced) console.log("Another process is preparing this database: waiting for it to finish.");
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

const url = databaseUrl();
if (databaseProvider(url) !== "postgresql") {
  const file = path.resolve(root, databaseFile(url));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await withLockFile(`${file}.deploy-lock`, deploy);
} else {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [DEPLOY_LOCK_KEY]);
    if (!rows[0]?.locked) {
      console.log("Another server is migrating this database: waiting for it to finish.");
      await client.query("SELECT pg_advisory_lock($1)", [DEPLOY_LOCK_KEY]);
    }
    deploy();
  } finally {
    await client.end(); // ends the session, and with it the lock
  }
}
