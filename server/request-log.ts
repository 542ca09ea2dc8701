/**
 * Every request gets an id (docs/decisions/0051): the proxy's X-Request-Id when it is a plain token
 * (nginx's $request_id), otherwise a new UUID. It is sent back as X-Request-Id, stamped on every log
 * line written while the request is handled, and, in JSON logs, on one line per finished request.
 * Logged requests show the method, the path without its query (searches can hold names and emails)
 * with secret links' tokens replaced, the status and the time taken: never headers or cookies.
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { pinoHttp } from "pino-http";
import { log, logFormat, loggablePath, requestContext } from "../app/utils/log.server.ts";

const PLAIN_TOKEN = /^[A-Za-z0-9._-]{1,64}$/;
const NOT_LOGGED = new Set(["/healthz", "/readyz"]);

export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("X-Request-Id");
    const id = incoming && PLAIN_TOKEN.test(incoming) ? incoming : crypto.randomUUID();
    req.id = id; // pino-http's field (its types add it to IncomingMessage)
    res.setHeader("X-Request-Id", id);
    requestContext.run({ requestId: id }, next);
  };
}

/** One JSON line per finished request; nothing in text (development) format, where it would be noise. */
export function requestLog(): RequestHandler {
  if (logFormat() !== "json") return (_req, _res, next) => next();
  return pinoHttp({
    logger: log(),
    genReqId: (req: IncomingMessage) => req.id ?? crypto.randomUUID(),
    autoLogging: { ignore: (req) => NOT_LOGGED.has(loggablePath(req.url ?? "/")) },
    quietReqLogger: true,
    customLogLevel: (_req, res: ServerResponse, error) => (error || res.statusCode >= 500 ? "error" : "info"),
    serializers: {
      req: (req: { id?: string; method?: string; url?: string }) => ({
        id: req.id,
        method: req.method,
        path: loggablePath(req.url ?? "/"),
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
