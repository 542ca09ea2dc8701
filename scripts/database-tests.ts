/**
 * The Vitest files whose imports reach the database client (app/utils/db.server.ts), for the
 * PostgreSQL pass of `npm test` (docs/decisions/0050): a file that never opens the database proves
 * nothing new when run against a second one. Follows static and dynamic imports of relative, `~/`
 * and tests/ paths; prints one path a line.
 */
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const TARGET = path.join(root, "app", "utils", "db.server.ts");
const IMPORT = /(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g;

function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("~/")) base = path.join(root, "app", spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const memo = new Map<string, boolean>();
function reachesDatabase(file: string, seen = new Set<string>()): boolean {
  if (file === TARGET) return true;
  if (memo.has(file)) return memo.get(file)!;
  if (seen.has(file)) return false; // a cycle: decided where it started
  seen.add(file);
  const text = fs.readFileSync(file, "utf8");
  let found = false;
  for (const match of text.matchAll(IMPORT)) {
    const target = resolve(file, (match[1] ?? match[2] ?? match[3])!);
    if (target && /\.(ts|tsx)$/.test(target) && reachesDatabase(target, seen)) {
      found = true;
      break;
    }
  }
  memo.set(file, found);
  return found;
}

/** Files about the databases themselves that reach no client. */
const ALWAYS = new Set(["tests/integration/database-schemas.test.ts"]);

export function databaseTestFiles(files: string[]): string[] {
  return files.filter((file) => ALWAYS.has(file) || reachesDatabase(path.resolve(root, file)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.slice(2);
  console.log(databaseTestFiles(files).join("\n"));
}
