import { describe, expect, it } from "vitest";
import { prisma } from "./db.server.ts";

describe("the SQLite database", () => {
  it("runs in WAL mode with a busy timeout and enforces foreign keys", async () => {
    const [journal] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(journal?.journal_mode).toBe("wal");
    const [timeout] = await prisma.$queryRawUnsafe<{ timeout: bigint | number }[]>("PRAGMA busy_timeout");
    expect(Number(timeout?.timeout)).toBeGreaterThanOrEqual(5000);
    await expect(prisma.userRole.create({ data: { userId: "no-such-user", role: "admin" } })).rejects.toThrow();
  });
});
