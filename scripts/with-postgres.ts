/**
 * Runs one command against a throwaway PostgreSQL server (scripts/postgres-cluster.ts), with
 * DATABASE_URL set to a fresh database in it, then removes the server:
 *   npx tsx scripts/with-postgres.ts -- npx prisma migrate deploy
 * Used to write PostgreSQL migrations and to try the app on PostgreSQL without installing a server.
 */
import { spawnSync } from "node:child_process";
import { startCluster } from "./postgres-cluster.ts";

const at = process.argv.indexOf("--");
const command = at >= 0 ? process.argv.slice(at + 1) : [];
if (command.length === 0) {
  console.error("Usage: tsx scripts/with-postgres.ts -- <command> [args…]");
  process.exit(2);
}
const cluster = await startCluster();
let status = 1;
try {
  await cluster.createDatabase("pathways");
  const result = spawnSync(command[0]!, command.slice(1), {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: cluster.url("pathways") },
  });
  status = result.status ?? 1;
} finally {
  cluster.stop();
}
process.exit(status);
