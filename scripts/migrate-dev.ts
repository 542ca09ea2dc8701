/**
 * `npm run db:migrate -- <name>`: writes a new migration for the changes in prisma/schema.prisma,
 * for SQLite and for PostgreSQL (docs/decisions/0050). The PostgreSQL schema is made from the SQLite
 * one first; each database's migration comes from replaying its committed migrations on a scratch
 * database (a temporary file; a throwaway PostgreSQL server) and diffing it against its schema.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startCluster } from "./postgres-cluster.ts";
import { MIGRATIONS_DIR, schemaChangeSql } from "./migrations.ts";
import { writePostgresSchema } from "./postgres-schema.ts";

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("Usage: npm run db:migrate -- <short_name_of_the_change>");
  process.exit(1);
}
if (writePostgresSchema()) console.log("Wrote prisma/postgresql/schema.prisma from prisma/schema.prisma.");

const scratch = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pathways-migrate-")), "scratch.db");
const sqliteSql = schemaChangeSql(`file:${scratch}`);
let cluster;
try {
  cluster = await startCluster();
} catch (error) {
  console.error(`${(error as Error).message}\nBoth databases need the migration: install PostgreSQL's server and run this again.`);
  process.exit(1);
}
let postgresSql = "";
try {
  await cluster.createDatabase("scratch");
  postgresSql = schemaChangeSql(cluster.url("scratch"));
} finally {
  cluster.stop();
}
if (!sqliteSql && !postgresSql) {
  console.log("The schema matches the migrations of both databases: nothing to do.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
for (const [provider, sql] of [
  ["sqlite", sqliteSql],
  ["postgresql", postgresSql],
] as const) {
  if (!sql) continue;
  const dir = path.join(MIGRATIONS_DIR[provider], `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`Wrote ${dir}/migration.sql.`);
}
console.log("Review them, run `npm run db:deploy`, and commit them with the schema.");
