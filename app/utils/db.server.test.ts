import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { databaseProvider } from "./database-url.ts";
import { containsText, prisma } from "./db.server.ts";

// Each pass of `npm test` checks the database it runs on (docs/decisions/0050).
if (databaseProvider() === "sqlite") {
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
} else {
  describe("the PostgreSQL database", () => {
    it("is UTF-8, reads committed data, and enforces foreign keys", async () => {
      const [row] = await prisma.$queryRawUnsafe<{ encoding: string; isolation: string }[]>(
        "SELECT pg_encoding_to_char(encoding)::text AS encoding, current_setting('transaction_isolation') AS isolation FROM pg_database WHERE datname = current_database()",
      );
      expect(row).toEqual({ encoding: "UTF8", isolation: "read committed" });
      await expect(prisma.userRole.create({ data: { userId: "no-such-user", role: "admin" } })).rejects.toThrow();
    });

    it("takes a NUL character in a parameter as a character that matches nothing, not as an error", async () => {
      await expect(prisma.user.findUnique({ where: { id: "a\u0000b" } })).resolves.toBeNull();
      await expect(prisma.user.findMany({ where: { id: { in: ["x\u0000", "y"] } } })).resolves.toEqual([]);
      const stored = await prisma.organisation.create({ data: { name: "Nul\u0000School", type: "secondary-school" } });
      expect(stored.name).toBe("Nul\uFFFDSchool");
      await prisma.$transaction(async (tx) => expect(await tx.user.count({ where: { email: "\u0000" } })).toBe(0));
    });
  });
}

describe("containsText", () => {
  it("matches whatever the case of the letters, on either database", async () => {
    const email = `case-${Date.now()}@school.example`;
    await prisma.user.create({
      data: {
        email,
        name: "Mary Seacole",
        passwordHash: "x",
        organisationName: "o",
        organisationType: "secondary-school",
        roleInSchool: "r",
      },
    });
    const found = await prisma.user.findMany({ where: { name: containsText("mARY sea") }, select: { email: true } });
    expect(found.map((u) => u.email)).toContain(email);
  });
});
