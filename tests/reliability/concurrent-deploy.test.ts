import { spawn } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";

/**
 * Several app servers started at once each run `npm run db:deploy` (migrations, then publishing
 * modules and events) against one new database: every one must succeed, and the work is done once
 * (scripts/db-deploy.ts). On PostgreSQL, a new database on this file's test server; on SQLite, a new
 * file (one server owns it, but two starts at once must not break it either).
 */
const root = path.resolve(import.meta.dirname, "../..");

async function freshDatabaseUrl(): Promise<string> {
  const id = `deploy_${crypto.randomBytes(5).toString("hex")}`;
  const postgres = process.env.PATHWAYS_TEST_POSTGRES_URL;
  if (!postgres) return `file:${path.join(process.env.PATHWAYS_TEST_DIR!, `${id}.db`)}`;
  const client = new pg.Client({ connectionString: postgres });
  await client.connect();
  await client.query(`CREATE DATABASE "${id}"`);
  await client.end();
  const url = new URL(postgres);
  url.pathname = `/${id}`;
  return url.toString();
}

/** Rows from the new database, read directly (this file's Prisma client is bound to its own database). */
async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: true });
    try {
      return db.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

function deploy(url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["scripts/db-deploy.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, SEED_DEMO_DATA: "false", EXTRA_COURSES_DIRS: "" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("db:deploy from two servers at once", () => {
  it("succeeds on both, applying each migration and publishing each module once", async () => {
    const url = await freshDatabaseUrl();
    const [first, second] = await Promise.all([deploy(url), deploy(url)]);
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);

    const counts = await query(url, `SELECT "moduleId" AS id, COUNT(*) AS n FROM "ModuleVersion" GROUP BY "moduleId"`);
    expect(counts.length).toBeGreaterThanOrEqual(3);
    expect(counts.every((row) => Number(row.n) === 1)).toBe(true);
    const [events] = await query(url, `SELECT COUNT(*) AS n FROM "Event"`);
    expect(Number(events!.n)).toBeGreaterThanOrEqual(7);
  }, 180_000);
});
