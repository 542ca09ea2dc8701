/**
 * Counts the SQL statements a process runs through better-sqlite3, for bench/scale.ts. Loaded into
 * the bench's SQLite server with NODE_OPTIONS=--import; no product code changes. Prisma's SQLite
 * adapter prepares every statement it runs (BEGIN and COMMIT too), so prepare() calls are statements.
 * The count is written to $PATHWAYS_QUERY_COUNT_DIR/<pid> whenever it has changed (checked every 100 ms).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const dir = process.env.PATHWAYS_QUERY_COUNT_DIR;
if (dir) {
  const Database = createRequire(path.join(process.cwd(), "package.json"))("better-sqlite3");
  const prepare = Database.prototype.prepare;
  let count = 0;
  let written = 0;
  Database.prototype.prepare = function (...args) {
    count++;
    return prepare.apply(this, args);
  };
  setInterval(() => {
    if (count === written) return;
    written = count;
    fs.writeFileSync(path.join(dir, String(process.pid)), String(count));
  }, 100).unref();
}
