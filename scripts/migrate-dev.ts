/**
 * `npm run db:migrate -- <name>`: writes a new migration for the changes in prisma/schema.prisma.
 * (`prisma migrate dev` needs a native shadow database engine that cannot be installed here; this
 * replays the committed migrations on a scratch database and diffs it against the schema instead.)
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("Usage: npm run db:migrate -- <short_name_of_the_change>");
  process.exit(1);
}
const scratch = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pathways-migrate-")), "scratch.db");
const env = { ...process.env, DATABASE_URL: `file:${scratch}`, CHECKPOINT_DISABLE: "1" };
execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "inherit" });
// With a driver adapter, migrate diff cannot read a database URL: introspect the scratch database
// into a schema file and diff the two schemas instead.
const pulled = execFileSync("npx", ["prisma", "db", "pull", "--print"], { env, encoding: "utf8" });
const current = path.join(path.dirname(scratch), "current.prisma");
fs.writeFileSync(current, pulled.slice(pulled.indexOf("generator ")));
let sql = "";
try {
  sql = execFileSync(
    "npx",
    [
      "prisma",
      "migrate",
      "diff",
      "--from-schema-datamodel",
      current,
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
      "--exit-code",
    ],
    { env, encoding: "utf8" },
  );
} catch (error) {
  const e = error as { status?: number; stdout?: string };
  if (e.status !== 2 || !e.stdout) throw error; // 2 means "there is a difference"
  sql = e.stdout;
}
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.log("The schema matches the migrations: nothing to do.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Wrote ${dir}/migration.sql. Review it, then run \`npm run db:deploy\` and commit it.`);
