import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { schemaChangeSql } from "../../scripts/migrations.ts";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchemaFrom } from "../../scripts/postgres-schema.ts";

/**
 * One data model, two databases (docs/decisions/0050): the PostgreSQL schema is the SQLite schema
 * with its provider changed, and each database's committed migrations build exactly its schema. Runs
 * in each database's pass of `npm test` (the PostgreSQL pass sets PATHWAYS_TEST_POSTGRES_URL).
 */
const root = path.resolve(import.meta.dirname, "../..");
const postgres = process.env.PATHWAYS_TEST_POSTGRES_URL;

describe("database schemas and migrations", () => {
  it("prisma/postgresql/schema.prisma is made from prisma/schema.prisma (run `npm run db:migrate` after editing it)", () => {
    const sqlite = fs.readFileSync(path.join(root, SQLITE_SCHEMA), "utf8");
    expect(fs.readFileSync(path.join(root, POSTGRES_SCHEMA), "utf8")).toBe(postgresSchemaFrom(sqlite));
  });

  it(`the committed ${postgres ? "PostgreSQL" : "SQLite"} migrations build exactly the schema`, { timeout: 180_000 }, async () => {
    let url: string;
    if (postgres) {
      const client = new pg.Client({ connectionString: postgres });
      await client.connect();
      await client.query(`CREATE DATABASE "drift_check"`);
      await client.end();
      const u = new URL(postgres);
      u.pathname = "/drift_check";
      url = u.toString();
    } else {
      url = `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pathways-drift-")), "scratch.db")}`;
    }
    expect(schemaChangeSql(url)).toBe("");
  });
});
