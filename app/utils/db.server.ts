import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-postgresql/client.ts";
import { databaseFile, databaseProvider, databaseUrl } from "./database-url.ts";
import { getEnv } from "./env.server.ts";

/** How long a write waits for another writer before failing (SQLite busy timeout). */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * WAL mode is a property of the database file: set it once, before Prisma opens its connection.
 * (Readers then never block the writer, and a committed write survives a killed process.)
 */
function prepareDatabaseFile(url: string) {
  const file = databaseFile(url);
  if (file === ":memory:") return;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}

/**
 * Prisma's one connection, with SQLite's `synchronous` set as configured (ADR 0018): NORMAL, the
 * WAL default, or FULL, which makes every commit durable through a power failure too.
 */
class ConfiguredSQLite3 extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(`PRAGMA synchronous = ${getEnv().SQLITE_SYNCHRONOUS === "full" ? "FULL" : "NORMAL"};`);
    return adapter;
  }
}

type PgQuery = { sql: string; args: unknown[] };
type PgQueryable = { performIO(query: PgQuery): Promise<unknown> };

/** A NUL character in a string parameter, which PostgreSQL text cannot hold, becomes U+FFFD. */
const hasNul = (a: unknown): boolean => (typeof a === "string" ? a.includes("\u0000") : Array.isArray(a) && a.some(hasNul));
const replaceNul = (a: unknown): unknown =>
  typeof a === "string" ? a.replaceAll("\u0000", "\uFFFD") : Array.isArray(a) ? a.map(replaceNul) : a;

function withoutNul<T extends PgQueryable>(queryable: T): T {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = (query) => performIO(query.args.some(hasNul) ? { ...query, args: query.args.map(replaceNul) } : query);
  return queryable;
}

/**
 * PostgreSQL through node-postgres. Text cannot contain NUL there (SQLite's can): a request with
 * "%00" in an id or a search would fail with "invalid byte sequence" and answer 500. No stored value
 * has a NUL, so it is replaced by U+FFFD: a lookup finds nothing, as on SQLite, and typed text keeps
 * a visible replacement character.
 */
class ConfiguredPostgres extends PrismaPg {
  override async connect() {
    const adapter = withoutNul((await super.connect()) as unknown as PgQueryable & { startTransaction(level?: unknown): Promise<unknown> });
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (level) => withoutNul((await startTransaction(level)) as PgQueryable);
    return adapter as unknown as Awaited<ReturnType<PrismaPg["connect"]>>;
  }
}

function createClient() {
  const url = databaseUrl();
  if (databaseProvider(url) === "postgresql") {
    // The same models generated for PostgreSQL (prisma/postgresql/schema.prisma is made from
    // prisma/schema.prisma, docs/decisions/0050), so the one client type describes both.
    const adapter = new ConfiguredPostgres({ connectionString: url });
    return new PostgresPrismaClient({ adapter, log: [{ emit: "event", level: "query" }] }) as unknown as PrismaClient<"query">;
  }
  prepareDatabaseFile(url);
  const adapter = new ConfiguredSQLite3({ url, timeout: BUSY_TIMEOUT_MS });
  // Query events are emitted (and ignored unless someone listens): the tests count them to hold
  // pages to a fixed number of queries.
  return new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
}

const globalForPrisma = globalThis as unknown as { __pathwaysPrisma?: ReturnType<typeof createClient> };

/** The one Prisma client. Only code under app/modules (and scripts) may import it. */
export const prisma = (globalForPrisma.__pathwaysPrisma ??= createClient());
export type Db = typeof prisma;

/**
 * A filter for text a person typed, matched regardless of case in both databases
 * (docs/decisions/0050): SQLite's LIKE already ignores the case of ASCII letters; PostgreSQL's
 * `contains` does not, so it is asked for `mode: "insensitive"` (ILIKE, which also folds accented
 * letters, where SQLite does not).
 */
export function containsText(text: string): { contains: string } {
  return databaseProvider() === "postgresql" ? ({ contains: text, mode: "insensitive" } as { contains: string }) : { contains: text };
}
