import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { databaseFile, databaseUrl } from "./database-url.ts";
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

function createClient() {
  const url = databaseUrl();
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
