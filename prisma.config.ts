import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaConfig } from "prisma";
import { databaseUrl } from "./app/utils/database-url.ts";

// Prisma runs on its JavaScript engines through the better-sqlite3 driver adapter: no native
// engine is downloaded (see docs/decisions/0002-prisma-sqlite-driver-adapter.md).
// A config file stops Prisma loading .env, so the URL comes from database-url.ts.
const url = databaseUrl(); // also sets DATABASE_URL for the schema's datasource

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url });
  },
} satisfies PrismaConfig;
