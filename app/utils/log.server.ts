/**
 * One logger for the server (docs/decisions/0051). In production, JSON lines (pino) that a log
 * collector can read, each carrying the id of the request it happened in; in development, the
 * message as a plain line. The request id travels in an AsyncLocalStorage shared through globalThis,
 * because server/index.ts and the Remix build each load their own copy of this file.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { pino, stdTimeFunctions, type Logger } from "pino";
import { getEnv } from "./env.server.ts";

export type RequestContext = { requestId: string };

const CONTEXT_KEY = Symbol.for("pathways.requestContext");
const shared = globalThis as typeof globalThis & { [CONTEXT_KEY]?: AsyncLocalStorage<RequestContext> };
export const requestContext: AsyncLocalStorage<RequestContext> = (shared[CONTEXT_KEY] ??= new AsyncLocalStorage());

/** The id of the request being handled, if any (also sent back as the X-Request-Id header). */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** Paths whose last part is a secret (emailed links): the token never reaches a log. */
const SECRET_LINK = /^\/(confirm-email|invitations|reset-password)\/[^/]+/;

/** A request's path as logs show it: no query (searches hold names and emails), no emailed tokens. */
export function loggablePath(url: string): string {
  const pathname = (url.startsWith("/") ? url : new URL(url).pathname).split(/[?#]/, 1)[0] || "/";
  return pathname.replace(SECRET_LINK, "/$1/:token");
}

/** Development's plain lines: the message, then the error's stack if there is one. */
const textDestination = {
  write(line: string) {
    const entry = JSON.parse(line) as { level: string; msg?: string; err?: { stack?: string } };
    const stream = entry.level === "error" || entry.level === "fatal" || entry.level === "warn" ? process.stderr : process.stdout;
    stream.write(`${entry.msg ?? ""}${entry.err?.stack ? `\n${entry.err.stack}` : ""}\n`);
  },
};

/** JSON lines in production unless LOG_FORMAT says otherwise; plain text elsewhere. */
export function logFormat(): "json" | "text" {
  const env = getEnv();
  return env.LOG_FORMAT ?? (env.NODE_ENV === "production" ? "json" : "text");
}

function createLogger(): Logger {
  const env = getEnv();
  const format = logFormat();
  const options = {
    level: env.LOG_LEVEL,
    base: { service: "pathways" },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: () => requestContext.getStore() ?? {},
  };
  return format === "json" ? pino(options) : pino(options, textDestination);
}

let logger: Logger | undefined;

/** The server's logger: `log().error({ err }, "what failed")`, `log().info("what happened")`. */
export function log(): Logger {
  return (logger ??= createLogger());
}
