import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Runs before each test file is imported: gives the file its own copy of the migrated template
 * database and its own outbox, so files can run in parallel without seeing each other's rows.
 */
const template = process.env.PATHWAYS_TEST_TEMPLATE_DB;
const dir = process.env.PATHWAYS_TEST_DIR;
if (template && dir) {
  const id = crypto.randomBytes(6).toString("hex");
  const file = path.join(dir, `test-${id}.db`);
  fs.copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
  process.env.OUTBOX_DIR = path.join(dir, `outbox-${id}`);
  process.env.MEDIA_DIR = path.join(dir, `media-${id}`);
  process.env.UPLOADS_DIR = path.join(dir, `uploads-${id}`);
  process.env.KEYS_DIR = path.join(dir, `keys-${id}`);
}
