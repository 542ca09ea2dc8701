import fs from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server for the tests (docs/decisions/0007): the app sends through nodemailer over
 * SMTP exactly as in production, and the tests read what arrived. Every message is parsed with
 * mailparser and kept in memory and, when `dir` is given, written there as one JSON file per
 * recipient (names sort by arrival), so another process (Playwright's workers) can read it.
 */
export type ReceivedEmail = {
  to: string;
  from: string;
  subject: string;
  text: string;
  receivedAt: string;
  /** Every text/calendar part (the invitation alternative and the .ics attachment), as sent. */
  calendars: { contentType: string; filename: string | null; content: string }[];
};

export type MailServer = {
  port: number;
  /** The SMTP_URL the app should use. */
  url: string;
  /** Everything received so far, oldest first. */
  messages(): ReceivedEmail[];
  close(): Promise<void>;
};

let sequence = 0;

/** "text/calendar; charset=utf-8; method=REQUEST": mailparser keeps the parameters apart from the type. */
function fullContentType(header: unknown): string {
  const { value = "", params = {} } = (header ?? {}) as { value?: string; params?: Record<string, string> };
  return [value, ...Object.entries(params).map(([name, v]) => `${name}=${v}`)].join("; ");
}

export async function startMailServer({ port = 0, dir }: { port?: number; dir?: string } = {}): Promise<MailServer> {
  const received: ReceivedEmail[] = [];
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const receivedAt = new Date().toISOString();
          for (const rcpt of session.envelope.rcptTo) {
            const message: ReceivedEmail = {
              to: rcpt.address.toLowerCase(),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              receivedAt,
              calendars: parsed.attachments
                .filter((a) => a.contentType.startsWith("text/calendar"))
                .map((a) => ({
                  contentType: fullContentType(a.headers.get("content-type")),
                  filename: a.filename ?? null,
                  content: a.content.toString("utf8"),
                })),
            };
            received.push(message);
            if (dir) {
              const name = `${String(Date.now()).padStart(15, "0")}-${String(++sequence).padStart(6, "0")}-${process.pid}.json`;
              // Written under a temporary name and renamed, so a reader never sees half a file.
              fs.writeFileSync(path.join(dir, `.${name}`), JSON.stringify(message, null, 2));
              fs.renameSync(path.join(dir, `.${name}`), path.join(dir, name));
            }
          }
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    messages: () => [...received],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The received emails in a folder written by startMailServer, oldest first. */
export function readMailDir(dir: string): ReceivedEmail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json") && !name.startsWith("."))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as ReceivedEmail);
}
