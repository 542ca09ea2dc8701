/**
 * What the committed migrations lack compared with the schema, for either database
 * (docs/decisions/0050). `prisma migrate dev` needs a native shadow database engine that cannot be
 * installed here, and with a driver adapter `migrate diff` cannot read a database URL; so the
 * migrations are applied to a scratch database, it is introspected into a schema file, and that is
 * diffed against the schema. Used by `npm run db:migrate` to write migrations, and by a test that
 * fails when a schema change has no migration (for SQLite, and for PostgreSQL where it is installed).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { databaseProvider } from "../app/utils/database-url.ts";

export const MIGRATIONS_DIR = { sqlite: path.join("prisma", "migrations"), postgresql: path.join("prisma", "postgresql", "migrations") };
export const SCHEMA_FILE = { sqlite: path.join("prisma", "schema.prisma"), postgresql: path.join("prisma", "postgresql", "schema.prisma") };

const prisma = (args: string[], url: string) =>
  execFileSync("npx", ["prisma", ...args], {
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
    stdio: "pipe",
  });

/**
 * Applies the committed migrations to the empty scratch database at `url` and returns the SQL that
 * would bring it to the schema: "" when the migrations and the schema agree.
 */
export function schemaChangeSql(url: string): string {
  const provider = databaseProvider(url);
  prisma(["migrate", "deploy"], url);
  const pulled = prisma(["db", "pull", "--print"], url);
  const current = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pathways-pulled-")), "current.prisma");
  fs.writeFileSync(current, pulled.slice(pulled.indexOf("generator ")));
  let sql = "";
  try {
    sql = prisma(
      ["migrate", "diff", "--from-schema-datamodel", current, "--to-schema-datamodel", SCHEMA_FILE[provider], "--script", "--exit-code"],
      url,
    );
  } catch (error) {
    const e = error as { status?: number; stdout?: string };
    if (e.status !== 2 || !e.stdout) throw error; // 2 means "there is a difference"
    sql = e.stdout;
  } finally {
    fs.rmSync(path.dirname(current), { recursive: true, force: true });
  }
  return !sql.trim() || /^-- This is an empty migration/.test(sql.trim()) ? "" : sql;
}
