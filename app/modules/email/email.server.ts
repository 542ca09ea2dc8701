import fs from "node:fs/promises";
import path from "node:path";
import crypto from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { JobKind } from "~/modules/jobs/jobs.ts";
import { enqueue, type JobDb } from "~/modules/jobs/queue.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { log } from "~/utils/log.server.ts";

/** An iCalendar object sent with the email: METHOD REQUEST (book, update) or CANCEL (docs/decisions/0056). */
export type EmailCalendar = { method: "REQUEST" | "CANCEL" | "PUBLISH"; content: string; filename: string };
export type Email = { to: string; subject: string; text: string; calendar?: EmailCalendar };
export type OutboxMessage = Email & { id: string; from: string; sentAt: string };

let transport: Transporter | undefined;

/**
 * Sends now (the email job's handler; everything else calls queueEmail). Through SMTP when SMTP_URL is set. Otherwise the message is written to the outbox folder
 * (OUTBOX_DIR, default .outbox/) as JSON, one file per message, and shown at /dev/outbox.
 */
export async function sendEmail(email: Email): Promise<void> {
  const env = getEnv();
  if (env.SMTP_URL) {
    transport ??= nodemailer.createTransport(env.SMTP_URL);
    await transport.sendMail({
      from: env.MAIL_FROM,
      to: email.to,
      subject: email.subject,
      text: email.text,
      // nodemailer sends it as a text/calendar alternative with its method (what calendar apps read
      // as an invitation) and as an attachment (what the rest can open).
      ...(email.calendar
        ? {
            icalEvent: { method: email.calendar.method, content: email.calendar.content, filename: email.calendar.filename },
            attachments: [
              { filename: email.calendar.filename, content: email.calendar.content, contentType: "text/calendar; charset=utf-8" },
            ],
          }
        : {}),
    });
    return;
  }
  const message: OutboxMessage = {
    ...email,
    id: `${Date.now()}-${crypto.randomBytes(4).toString("hex")}`,
    from: env.MAIL_FROM,
    sentAt: new Date().toISOString(),
  };
  await fs.mkdir(env.OUTBOX_DIR, { recursive: true });
  const file = path.join(env.OUTBOX_DIR, `${message.id}.json`);
  await fs.writeFile(file, JSON.stringify(message, null, 2));
  log().info(`[email] no SMTP_URL set: "${email.subject}" to ${email.to} written to ${file}`);
}

/**
 * How the app sends email: as an `email` job (docs/decisions/0053), so a message outlives an SMTP
 * server that is down and a restart, and is tried again with backoff. `key` (e.g. the token row the
 * email carries) makes a repeated call one email; `db` enqueues it in the caller's transaction.
 */
export async function queueEmail(email: Email, { key = `email:${crypto.randomUUID()}`, db }: { key?: string; db?: JobDb } = {}) {
  await enqueue(JobKind.email, email, { key, db });
}

/** Newest first. Only for the dev outbox page. */
export async function listOutbox(limit = 50): Promise<OutboxMessage[]> {
  const dir = getEnv().OUTBOX_DIR;
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  names.sort().reverse();
  const messages = await Promise.all(
    names.slice(0, limit).map(async (n) => JSON.parse(await fs.readFile(path.join(dir, n), "utf8")) as OutboxMessage),
  );
  return messages;
}
