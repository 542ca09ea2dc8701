import { spawnSync } from "node:child_process";
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

  it("syncs at NORMAL by default, and at FULL when SQLITE_SYNCHRONOUS=full (ADR 0018)", async () => {
    const [row] = await prisma.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
    expect(Number(row?.synchronous)).toBe(1);
    const script = `import { prisma } from "~/utils/db.server.ts"; const [r] = await prisma.$queryRawUnsafe("PRAGMA synchronous"); console.log("synchronous=" + Number(r.synchronous)); await prisma.$disconnect();`;
    const child = spawnSync("npx", ["tsx", "--input-type=module", "-e", script], {
      env: { ...process.env, SQLITE_SYNCHRONOUS: "full" },
      encoding: "utf8",
    });
    expect(child.stdout + child.stderr).toContain("synchronous=2");
  });
});
