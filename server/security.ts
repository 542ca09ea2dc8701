import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request must come from one of our own pages: its Origin header must be present
 * and be one of `allowedOrigins`. Browsers send Origin on every non-GET fetch and form post, so a
 * missing one means a non-browser client or a privacy proxy; both are refused (403).
 */
export function isOriginAllowed(method: string, origin: string | undefined, allowedOrigins: string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (!origin || origin === "null") return false;
  return allowedOrigins.includes(origin.toLowerCase());
}

export function originCheck(configuredOrigin: string | undefined) {
  const configured = configuredOrigin ? [new URL(configuredOrigin).origin.toLowerCase()] : [];
  return (req: Request, res: Response, next: NextFunction) => {
    const own = `${req.protocol}://${req.get("host") ?? ""}`.toLowerCase();
    const forbidden = (message: string) => res.status(403).type("text/plain").send(`Forbidden: ${message}`);
    if (!isOriginAllowed(req.method, req.get("origin"), [own, ...configured])) {
      return forbidden("this request did not come from a Pathways page (missing or foreign Origin header).");
    }
    if (!originMatchesHost(req.method, req.get("origin"), req.get("x-forwarded-host"), req.get("host"))) {
      return forbidden(
        "the Host header does not name the site this request came from (a reverse proxy must pass the Host the browser used).",
      );
    }
    next();
  };
}

/**
 * Remix refuses an action whose Origin names another host than X-Forwarded-Host or Host, by throwing
 * (a 500). The same rule here answers 403 first: a crafted Host header is bad input, not our error.
 */
export function originMatchesHost(
  method: string,
  origin: string | undefined,
  forwardedHost: string | undefined,
  host: string | undefined,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase()) || !origin || origin === "null") return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const target = forwardedHost?.split(",")[0]?.trim() || host;
  return !!target && originHost === target;
}

/** A fresh nonce per response, for the inline scripts Remix renders. */
export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
}

/**
 * Security headers on every response. The policy allows nothing from other origins: schools'
 * filters block CDNs, and so do we. 'unsafe-eval' is never allowed; pages that run Python relax
 * only to 'wasm-unsafe-eval' (set by those routes). See docs/decisions/0003-security-headers.md.
 */
export function securityHeaders({ development, https }: { development: boolean; https: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'"],
        mediaSrc: ["'self'", "blob:"],
        connectSrc: development ? ["'self'", "ws:"] : ["'self'"],
        workerSrc: ["'self'", "blob:"],
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // With helmet's default COOP (same-origin), this makes every page cross-origin isolated, so a
    // code exercise's sandbox can share memory with its Workers (interactive input(), interrupting
    // Python). It blocks nothing the CSP allows: every resource is our own. See docs/decisions/0014.
    crossOriginEmbedderPolicy: { policy: "require-corp" },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: true } : false,
    xFrameOptions: { action: "sameorigin" },
  });
}
