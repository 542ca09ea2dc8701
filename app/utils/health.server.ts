/**
 * What a load balancer asks (docs/decisions/0051): /healthz, is the process alive and the database
 * answering; /readyz, should it be sent requests: the database answers, every committed migration
 * is applied, and the process is not shutting down. The draining flag lives on globalThis because
 * server/index.ts (which sets it on SIGTERM) and the Remix build each load their own copy of this file.
 */
import fs from "node:fs";
import path from "node:path";
import { prisma } from "./db.server.ts";
import { databaseProvider } from "./database-url.ts";
import { log } from "./log.server.ts";

const DRAINING_KEY = Symbol.for("pathways.draining");
const shared = globalThis as typeof globalThis & { [DRAINING_KEY]?: boolean };

/** Called once a graceful shutdown starts: /readyz answers 503 from then on. */
export function markDraining(): void {
  shared[DRAINING_KEY] = true;
}

export function isDraining(): boolean {
  return shared[DRAINING_KEY] === true;
}

export async function checkDatabase(): Promise<boolean> {
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
    return true;
  } catch (error) {
    log().error({ err: error }, "[healthz] database check failed");
    return false;
  }
}

/** The migrations committed for this database (prisma/migrations, or prisma/postgresql/migrations). */
export function committedMigrations(root = process.cwd()): string[] {
  const folder = path.join(root, "prisma", ...(databaseProvider() === "postgresql" ? ["postgresql"] : []), "migrations");
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

let committed: string[] | undefined;

/** Committed migrations the database has not applied (or whose run failed or was rolled back). */
export async function pendingMigrations(): Promise<string[]> {
  committed ??= committedMigrations();
  const applied = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const done = new Set(applied.map((row) => row.migration_name));
  return committed.filter((name) => !done.has(name));
}

export type Readiness = { ready: boolean; database: boolean; pendingMigrations: string[]; draining: boolean };

export async function checkReadiness(): Promise<Readiness> {
  const draining = isDraining();
  const database = await checkDatabase();
  let pending: string[] = [];
  if (database) {
    try {
      committed ??= committedMigrations();
    } catch (error) {
      // The migrations are read from the folder the server was started in (npm start runs there).
      log().error({ err: error }, "[readyz] could not read the committed migrations");
      return {
        ready: false,
        database,
        pendingMigrations: [`(no prisma/migrations folder in ${process.cwd()}: start the server from the app's folder)`],
        draining,
      };
    }
    try {
      pending = await pendingMigrations();
    } catch (error) {
      log().error({ err: error }, "[readyz] could not read the applied migrations");
      return { ready: false, database, pendingMigrations: ["(unreadable: is the database migrated?)"], draining };
    }
  }
  return { ready: database && pending.length === 0 && !draining, database, pendingMigrations: pending, draining };
}
