import { readMailDir, type ReceivedEmail } from "./mail-server.ts";

/**
 * What this test file's SMTP server received (tests/setup/setup-db.ts starts one per file and
 * points SMTP_URL at it). nodemailer's send resolves only after the server has stored the message,
 * so an awaited send is always here.
 */
export function sentEmails(): ReceivedEmail[] {
  return readMailDir(process.env.PATHWAYS_TEST_MAIL_DIR!);
}

/** The newest email received for `to`, or undefined. */
export function latestEmailTo(to: string): ReceivedEmail | undefined {
  return sentEmails()
    .reverse()
    .find((m) => m.to === to.toLowerCase());
}

/** The first link in an email's text that starts with `prefix` (e.g. "https://pathways.example/reset-password/"). */
export function linkIn(email: ReceivedEmail | undefined, pattern: RegExp): string {
  const match = email ? pattern.exec(email.text) : null;
  if (!match) throw new Error(`No link matching ${String(pattern)} in ${email ? `"${email.subject}"` : "an email that never came"}`);
  return match[0];
}
