/**
 * The SQLite database file, from DATABASE_URL ("file:./data/pathways.db" by default).
 * Shared by the app, the Prisma CLI config and the scripts, so all three open the same file.
 */
export const DEFAULT_DATABASE_URL = "file:./data/pathways.db";

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  process.env.DATABASE_URL = url; // the schema's datasource reads it too
  return url;
}

/** The file path inside a "file:" URL. */
export function databaseFile(url = databaseUrl()): string {
  return url.replace(/^file:/, "");
}
