import { Readable } from "node:stream";
import type { NextFunction, Request, RequestHandler, Response } from "express";

/**
 * Every request body that reaches Remix has a size limit (docs/decisions/0029-request-body-limits.md).
 *
 * - A declared Content-Length over the limit is refused with 413 before a byte is read. Node's HTTP
 *   parser never reads more than the declared length as the body, so that check is enough.
 * - A body without a Content-Length (chunked) is counted as it arrives and refused as soon as it
 *   passes the limit; one within the limit is handed on (Remix reads every form into memory anyway,
 *   so holding up to the limit costs nothing more).
 *
 * The rest of a refused body is discarded as it arrives (for a few seconds at most), never kept.
 */
export type BodyLimitRule = { method: string; path: RegExp; limit: number };

export const MB = 1024 * 1024;

const BODYLESS = new Set(["GET", "HEAD", "OPTIONS"]);

export function bodyLimitFor(rules: readonly BodyLimitRule[], defaultLimit: number, method: string, path: string): number {
  const rule = rules.find((r) => r.method === method.toUpperCase() && r.path.test(path));
  return rule?.limit ?? defaultLimit;
}

/** How long the rest of a refused body is read (and thrown away) before the connection is cut. */
const LINGER_MS = 3_000;

/**
 * 413, then the rest of the body is read and thrown away (never held) for a short while, so the
 * client reads the answer: closing a socket with unread data resets it, and the client may never
 * see the 413. A body still arriving after LINGER_MS is cut off.
 */
function refuse(req: Request, res: Response, limit: number) {
  if (res.headersSent) return;
  res
    .status(413)
    .type("text/plain")
    .send(`This request is too large: the limit here is ${formatLimit(limit)}.`);
  const cut = setTimeout(() => req.socket.destroy(), LINGER_MS);
  cut.unref();
  req.once("end", () => clearTimeout(cut));
  req.once("close", () => clearTimeout(cut));
  req.resume();
}

function formatLimit(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Wraps a request handler (Remix's) so that it only ever sees bodies within the limit. For chunked
 * bodies the handler gets the request with its stream replaced by the counted bytes.
 */
export function withBodyLimit(
  handler: (req: Request, res: Response, next: NextFunction) => unknown,
  { defaultLimit, rules = [] }: { defaultLimit: number; rules?: readonly BodyLimitRule[] },
): RequestHandler {
  return (req, res, next) => {
    if (BODYLESS.has(req.method)) return handler(req, res, next);
    const limit = bodyLimitFor(rules, defaultLimit, req.method, req.path);
    const declared = req.headers["content-length"];
    if (declared !== undefined) {
      if (Number(declared) > limit) return refuse(req, res, limit);
      return handler(req, res, next);
    }
    if (req.headers["transfer-encoding"] === undefined) return handler(req, res, next); // no body at all

    const chunks: Buffer[] = [];
    let total = 0;
    let refused = false;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        refused = true;
        chunks.length = 0;
        req.off("data", onData);
        refuse(req, res, limit);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("error", (error) => next(error));
    req.once("end", () => {
      if (refused) return;
      const body = Readable.from(chunks.length ? [Buffer.concat(chunks)] : []);
      return handler(withBody(req, body), res, next);
    });
  };
}

/** The stream members Remix's adapter uses to read a body. */
const STREAM_MEMBERS = new Set<PropertyKey>([
  "on",
  "once",
  "off",
  "removeListener",
  "pause",
  "resume",
  "destroy",
  "pipe",
  "readableHighWaterMark",
]);

/** The same request (headers, url, ip…) with its body read from `body`. */
function withBody(req: Request, body: Readable): Request {
  return new Proxy(req, {
    get(target, prop) {
      const source: object = STREAM_MEMBERS.has(prop) ? body : target;
      const value: unknown = Reflect.get(source, prop, source);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(source) : value;
    },
  });
}
