/**
 * Which database, from DATABASE_URL: "file:…" is SQLite (the embedded default,
 * "file:./data/pathways.db"); "postgresql://…" (or "postgres://…") is PostgreSQL (docs/decisions/0050).
 * Shared by the app, the Prisma CLI config and the scripts, so all three open the same database.
 */
export const DEFAULT_DATABASE_URL = "file:./data/pathways.db";

export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  process.env.DATABASE_URL = url; // the schema's datasource reads it too
  return url;
}

/** The database a URL names; anything else is refused with a message that says what is accepted. */
export function databaseProvider(url = databaseUrl()): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); it starts "${url.slice(0, 12)}".`);
}

/** The file path inside a "file:" URL. */
export function databaseFile(url = databaseUrl()): string {
  return url.replace(/^file:/, "");
}
