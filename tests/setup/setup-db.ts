import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { startMailServer } from "./mail-server.ts";

/**
 * Runs before each test file is imported: gives the file its own copy of the migrated template
 * database and its own real SMTP server (tests/setup/mail-server.ts; read what it received with
 * tests/setup/mail.ts), so files can run in parallel without seeing each other's rows or emails.
 */
const template = process.env.PATHWAYS_TEST_TEMPLATE_DB;
const postgres = process.env.PATHWAYS_TEST_POSTGRES_URL;
const dir = process.env.PATHWAYS_TEST_DIR;
if ((template || postgres) && dir) {
  const id = crypto.randomBytes(6).toString("hex");
  if (postgres) {
    // A database of its own, copied from the migrated template (tests/setup/global-setup.ts).
    const client = new pg.Client({ connectionString: postgres });
    await client.connect();
    await client.query(`CREATE DATABASE "test_${id}" TEMPLATE "pathways_template"`);
    await client.end();
    const url = new URL(postgres);
    url.pathname = `/test_${id}`;
    process.env.DATABASE_URL = url.toString();
  } else {
    const file = path.join(dir, `test-${id}.db`);
    fs.copyFileSync(template!, file);
    process.env.DATABASE_URL = `file:${file}`;
  }
  process.env.OUTBOX_DIR = path.join(dir, `outbox-${id}`);
  process.env.MEDIA_DIR = path.join(dir, `media-${id}`);
  process.env.UPLOADS_DIR = path.join(dir, `uploads-${id}`);
  process.env.KEYS_DIR = path.join(dir, `keys-${id}`);
  // Email goes out through nodemailer over SMTP, as in production.
  process.env.PATHWAYS_TEST_MAIL_DIR = path.join(dir, `mail-${id}`);
  const mail = await startMailServer({ dir: process.env.PATHWAYS_TEST_MAIL_DIR });
  process.env.SMTP_URL = mail.url;
}
