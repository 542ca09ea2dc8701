import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Once per test run: a template SQLite database with every migration applied, through the real
 * Prisma CLI. Each test file then works on its own copy (tests/setup/setup-db.ts).
 */
export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-test-"));
  const template = path.join(dir, "template.db");
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}`, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  process.env.PATHWAYS_TEST_TEMPLATE_DB = template;
  process.env.PATHWAYS_TEST_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
