/**
 * The SMTP server the browser journeys' app sends to (started by playwright.config.ts before the
 * app): every message lands, parsed, in $PATHWAYS_E2E_DIR/mail, where latestEmailTo() in
 * tests/e2e/support.ts reads it.
 */
import path from "node:path";
import { startMailServer } from "./mail-server.ts";

const dir = process.env.PATHWAYS_E2E_DIR;
const port = Number(process.env.E2E_SMTP_PORT);
if (!dir || !port) throw new Error("PATHWAYS_E2E_DIR and E2E_SMTP_PORT are required");
const server = await startMailServer({ port, dir: path.join(dir, "mail") });
console.info(`[e2e mail] SMTP server on ${server.url}, writing to ${path.join(dir, "mail")}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void server.close().then(() => process.exit(0)));
