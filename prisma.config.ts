import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { postgresCliAdapter } from "./prisma/postgres-cli-adapter.ts";
import type { PrismaConfig } from "prisma";
import { databaseFile, databaseProvider, databaseUrl } from "./app/utils/database-url.ts";

// Prisma runs on its JavaScript engines through a driver adapter: no native engine is downloaded
// (docs/decisions/0002). DATABASE_URL chooses the database (docs/decisions/0050): "file:…" uses
// prisma/schema.prisma and its migrations with better-sqlite3; "postgresql://…" uses the schema made
// from it in prisma/postgresql/ and that folder's migrations with node-postgres.
// A config file stops Prisma loading .env, so the URL comes from database-url.ts.
process.env.CHECKPOINT_DISABLE ??= "1"; // no telemetry calls from the CLI
const url = databaseUrl(); // also sets DATABASE_URL for the schema's datasource
const postgres = databaseProvider(url) === "postgresql";
const folder = postgres ? path.join("prisma", "postgresql") : "prisma";

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(folder, "schema.prisma"),
  migrations: { path: path.join(folder, "migrations") },
  async adapter() {
    if (postgres) return postgresCliAdapter(url);
    fs.mkdirSync(path.dirname(path.resolve(databaseFile(url))), { recursive: true }); // a fresh clone has no data/ yet
    return new PrismaBetterSQLite3({ url });
  },
} satisfies PrismaConfig;
