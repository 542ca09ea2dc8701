/**
 * PostgreSQL's own tools for backups (ADR 0052): pg_dump writes one consistent snapshot in its custom
 * format, pg_restore reads it back in one transaction. The tools come from the PostgreSQL client
 * package (the newest under /usr/lib/postgresql on Debian, else the PATH); they must be at least the
 * server's version. The password goes in the environment, never on a command line other users see.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export class PostgresToolError extends Error {}

/** Prisma's own URL options, which libpq (and so pg_dump) refuses. */
const PRISMA_ONLY_PARAMETERS = ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout"];

/** The URL for libpq without its password or Prisma's options, and the environment carrying the password. */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema");
  if (schema && schema !== "public")
    throw new PostgresToolError(`Backups cover the "public" schema; DATABASE_URL names the schema "${schema}".`);
  for (const name of PRISMA_ONLY_PARAMETERS) parsed.searchParams.delete(name);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  // The tools inherit this process's environment (PATH, and libpq's own PG* settings if an operator set any).
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function tool(name: "pg_dump" | "pg_restore"): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((version) => fs.existsSync(path.join(root, version, "bin", name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? path.join(root, versions[0], "bin", name) : name;
}

async function runTool(name: "pg_dump" | "pg_restore", args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(tool(name), args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const detail = error as NodeJS.ErrnoException & { stderr?: string };
    if (detail.code === "ENOENT")
      throw new PostgresToolError(
        `${name} is not installed: install PostgreSQL's client tools (Debian: apt-get install postgresql-client).`,
      );
    throw new PostgresToolError(`${name} failed: ${(detail.stderr || detail.message).trim()}`);
  }
}

/** A consistent dump of the whole database to `file`, then read back with `pg_restore --list` as a check. */
export async function dumpPostgres(url: string, file: string): Promise<void> {
  const { dbname, env } = libpqConnection(url);
  await runTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`, `--dbname=${dbname}`], env);
  const listing = await runTool("pg_restore", ["--list", file], env);
  if (!listing.includes("_prisma_migrations"))
    throw new PostgresToolError("The dump has no _prisma_migrations table: is this Pathways' database?");
}

/** Restores a dump into the database in one transaction, replacing the objects it holds. */
export async function restorePostgres(url: string, file: string): Promise<void> {
  const { dbname, env } = libpqConnection(url);
  await runTool(
    "pg_restore",
    ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${dbname}`, file],
    env,
  );
}

/** Whether the database already has tables of its own (so a restore would replace something). */
export async function postgresHasTables(url: string): Promise<boolean> {
  libpqConnection(url); // refuses a schema other than public
  // The whole URL: node-postgres lets a connection string without a password override a `password` given beside it.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>("SELECT count(*) AS count FROM pg_tables WHERE schemaname = 'public'");
    return Number(result.rows[0]?.count ?? 0) > 0;
  } finally {
    await client.end();
  }
}
