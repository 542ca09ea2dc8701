/**
 * Counts the SQL statements a process runs through better-sqlite3, for bench/scale.ts. Loaded into
 * the bench's SQLite server with NODE_OPTIONS=--import; no product code changes. Prisma's SQLite
 * adapter prepares every statement it runs (BEGIN and COMMIT too), so prepare() calls are statements.
 * The counts, by first keyword and first table named (e.g. "SELECT Session"), are written as JSON to
 * $PATHWAYS_QUERY_COUNT_DIR/<pid> whenever they have changed (checked every 100 ms).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const dir = process.env.PATHWAYS_QUERY_COUNT_DIR;
if (dir) {
  const Database = createRequire(path.join(process.cwd(), "package.json"))("better-sqlite3");
  const prepare = Database.prototype.prepare;
  const counts = {};
  let changed = false;
  Database.prototype.prepare = function (sql, ...rest) {
    const text = String(sql).trim();
    const table = /[`"]main[`"]\.[`"](\w+)[`"]/.exec(text)?.[1];
    const kind = `${text.split(/\s/, 1)[0].toUpperCase()}${table ? ` ${table}` : ""}`;
    counts[kind] = (counts[kind] ?? 0) + 1;
    changed = true;
    return prepare.call(this, sql, ...rest);
  };
  setInterval(() => {
    if (!changed) return;
    changed = false;
    const file = path.join(dir, String(process.pid));
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(counts));
    fs.renameSync(`${file}.tmp`, file); // a reader never sees half a file
  }, 100).unref();
}
