import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startMailServer } from "./mail-server.ts";

/**
 * Runs before each test file is imported: gives the file its own copy of the migrated template
 * database and its own real SMTP server (tests/setup/mail-server.ts; read what it received with
 * tests/setup/mail.ts), so files can run in parallel without seeing each other's rows or emails.
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
  // Email goes out through nodemailer over SMTP, as in production.
  process.env.PATHWAYS_TEST_MAIL_DIR = path.join(dir, `mail-${id}`);
  const mail = await startMailServer({ dir: process.env.PATHWAYS_TEST_MAIL_DIR });
  process.env.SMTP_URL = mail.url;
}
