import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "./db.server.ts";
import { checkReadiness, committedMigrations, isDraining, markDraining } from "./health.server.ts";
import { loggablePath } from "./log.server.ts";

/**
 * /readyz (docs/decisions/0051) on the test's own migrated database, SQLite or PostgreSQL: ready
 * when every committed migration is applied, not when one is missing, failed or rolled back, nor
 * once the process is draining.
 */
const DRAINING_KEY = Symbol.for("pathways.draining");

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[DRAINING_KEY];
});

describe("readiness", () => {
  it("is ready on a database with every committed migration applied", async () => {
    expect(committedMigrations().length).toBeGreaterThan(0);
    expect(await checkReadiness()).toEqual({ ready: true, database: true, pendingMigrations: [], draining: false });
  });

  it("is not ready while a committed migration is missing, or its run failed or was rolled back", async () => {
    const [first] = committedMigrations();
    const where = `WHERE migration_name = '${first}'`;
    // (PostgreSQL has one migration so far, so each case changes the first one and puts it back.)
    await prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = NULL ${where}`);
    expect(await checkReadiness()).toMatchObject({ ready: false, pendingMigrations: [first] });
    await prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = started_at ${where}`);
    expect((await checkReadiness()).ready).toBe(true);

    await prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = started_at ${where}`);
    expect(await checkReadiness()).toMatchObject({ ready: false, pendingMigrations: [first] });
    await prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = NULL ${where}`);

    await prisma.$executeRawUnsafe(`DELETE FROM _prisma_migrations ${where}`);
    expect(await checkReadiness()).toMatchObject({ ready: false, database: true, pendingMigrations: [first], draining: false });
  });

  it("is not ready once a graceful shutdown has begun", async () => {
    expect(isDraining()).toBe(false);
    markDraining();
    expect(await checkReadiness()).toMatchObject({ ready: false, database: true, draining: true });
  });
});

describe("paths in logs", () => {
  it("drop the query and the token of an emailed link", () => {
    expect(loggablePath("/reset-password/abc123?from=email")).toBe("/reset-password/:token");
    expect(loggablePath("http://localhost/invitations/tok_en/accept")).toBe("/invitations/:token/accept");
    expect(loggablePath("/confirm-email/x")).toBe("/confirm-email/:token");
    expect(loggablePath("/admin/certificates?q=someone%40school.example")).toBe("/admin/certificates");
    expect(loggablePath("/courses/abc#top")).toBe("/courses/abc");
  });
});
