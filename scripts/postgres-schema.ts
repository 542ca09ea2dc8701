/**
 * One data model, two databases (docs/decisions/0050): prisma/schema.prisma (SQLite, the embedded
 * default) is the one that is edited; prisma/postgresql/schema.prisma is made from it here, with
 * only the datasource's provider and the generated client's folder changed. `npm run db:migrate`
 * runs this before writing each database's migration, and a test fails when the two have drifted.
 */
import fs from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join("prisma", "postgresql", "schema.prisma");

const NOTICE = `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.ts: do not edit; edit that file and
// run \`npm run db:migrate -- <name>\` (docs/decisions/0050).
`;

/** The PostgreSQL schema for a SQLite schema's text. Throws if the text has not the two lines to change. */
export function postgresSchemaFrom(sqlite: string): string {
  const swaps: [RegExp, string][] = [
    [/^(\s*provider\s*=\s*)"sqlite"$/m, '$1"postgresql"'],
    [/^(\s*output\s*=\s*)"\.\.\/app\/generated\/prisma"$/m, '$1"../../app/generated/prisma-postgresql"'],
  ];
  let text = sqlite;
  for (const [pattern, replacement] of swaps) {
    if (!pattern.test(text)) throw new Error(`${SQLITE_SCHEMA} has no line matching ${pattern}`);
    text = text.replace(pattern, replacement);
  }
  return NOTICE + text;
}

export function writePostgresSchema(root = process.cwd()): boolean {
  const target = path.join(root, POSTGRES_SCHEMA);
  const next = postgresSchemaFrom(fs.readFileSync(path.join(root, SQLITE_SCHEMA), "utf8"));
  if (fs.existsSync(target) && fs.readFileSync(target, "utf8") === next) return false;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, next);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(writePostgresSchema() ? `Wrote ${POSTGRES_SCHEMA}.` : `${POSTGRES_SCHEMA} is up to date.`);
}
