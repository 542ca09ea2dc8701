import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaConfig } from "prisma";
import { databaseFile, databaseUrl } from "./app/utils/database-url.ts";

// Prisma runs on its JavaScript engines through the better-sqlite3 driver adapter: no native
// engine is downloaded (see docs/decisions/0002-prisma-sqlite-driver-adapter.md).
// A config file stops Prisma loading .env, so the URL comes from database-url.ts.
process.env.CHECKPOINT_DISABLE ??= "1"; // no telemetry calls from the CLI
const url = databaseUrl(); // also sets DATABASE_URL for the schema's datasource

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    fs.mkdirSync(path.dirname(path.resolve(databaseFile(url))), { recursive: true }); // a fresh clone has no data/ yet
    return new PrismaBetterSQLite3({ url });
  },
} satisfies PrismaConfig;
