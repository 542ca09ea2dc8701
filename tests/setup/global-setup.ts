import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startCluster } from "../../scripts/postgres-cluster.ts";

/**
 * Once per test run: a template database with every migration applied, through the real Prisma CLI.
 * Each test file then works on its own copy (tests/setup/setup-db.ts).
 *
 * PATHWAYS_TEST_DATABASE chooses the database (docs/decisions/0050): "sqlite" (the default) makes a
 * template file; "postgresql" starts a throwaway PostgreSQL server (scripts/postgres-cluster.ts) with
 * a template database in it, removed when the run ends.
 */
export default async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-test-"));
  process.env.PATHWAYS_TEST_DIR = dir;
  const migrate = (url: string) =>
    execFileSync("npx", ["prisma", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
      stdio: "pipe",
    });

  if (process.env.PATHWAYS_TEST_DATABASE === "postgresql") {
    const cluster = await startCluster();
    await cluster.createDatabase("pathways_template");
    migrate(cluster.url("pathways_template"));
    process.env.PATHWAYS_TEST_POSTGRES_URL = cluster.url();
    return () => {
      cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const template = path.join(dir, "template.db");
  migrate(`file:${template}`);
  process.env.PATHWAYS_TEST_TEMPLATE_DB = template;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
