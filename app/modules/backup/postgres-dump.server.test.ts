import { describe, expect, it } from "vitest";
import { libpqConnection, PostgresToolError } from "./postgres-dump.server.ts";

/** pg_dump and pg_restore get a URL libpq accepts, with the password kept off the command line. */
describe("libpqConnection", () => {
  it("moves the password into PGPASSWORD and drops Prisma's own options", () => {
    const { dbname, env } = libpqConnection(
      "postgresql://app:s%40cret%2Fpw@db.internal:5433/pathways?schema=public&connection_limit=5&sslmode=require",
    );
    expect(dbname).toBe("postgresql://app@db.internal:5433/pathways?sslmode=require");
    expect(dbname).not.toContain("cret");
    expect(env.PGPASSWORD).toBe("s@cret/pw");
  });

  it("refuses a schema other than public rather than back up the wrong one", () => {
    expect(() => libpqConnection("postgresql://app@db/pathways?schema=other")).toThrow(PostgresToolError);
  });
});
