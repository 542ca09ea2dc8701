import { redirect } from "@remix-run/node";
import { AppError } from "~/utils/errors.ts";
import { prisma } from "~/utils/db.server.ts";
import { secureCookies } from "~/utils/env.server.ts";
import { lucia, SESSION_ABSOLUTE_LIFETIME_MS, SESSION_COOKIE_NAME } from "./lucia.server.ts";
import { isRole, type Role } from "./roles.ts";
import { generateToken } from "./tokens.server.ts";

/** `emailConfirmed`: whether the account's address has been confirmed (certificates need it: ADR 0031). */
export type CurrentUser = { id: string; email: string; name: string; emailConfirmed: boolean; roles: Role[] };

/** A session token as generateToken makes it: 32 random bytes, base64url (43 characters). */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * The session cookie's value as sent, or null when there is none. Read by hand rather than with
 * Lucia's parser, which decodes every cookie with decodeURIComponent and throws on a malformed one
 * (`pathways_session=%ZZ%` used to answer 500 on every page).
 */
function rawSessionCookie(request: Request): string | null {
  for (const pair of (request.headers.get("Cookie") ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at > 0 && pair.slice(0, at).trim() === SESSION_COOKIE_NAME) return pair.slice(at + 1).trim();
  }
  return null;
}

/** The session token, or null when the cookie is missing or is not a token at all. */
function readSessionToken(request: Request): string | null {
  const value = rawSessionCookie(request);
  return value && TOKEN_FORMAT.test(value) ? value : null;
}

/**
 * A Set-Cookie header that clears a session cookie this request sent but that is not a well-formed
 * token (tampered or garbled), so the browser stops sending it; null otherwise.
 */
export function clearMalformedSessionCookie(request: Request): string | null {
  const value = rawSessionCookie(request);
  return value !== null && value !== "" && !TOKEN_FORMAT.test(value) ? blankSessionCookie() : null;
}

/**
 * The cookie lives as long as the absolute lifetime; the database decides whether the session is
 * still alive (idle timeout and absolute lifetime), so the cookie never needs refreshing.
 */
function sessionCookie(value: string, maxAgeSeconds: number): string {
  const parts = [`${SESSION_COOKIE_NAME}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (secureCookies()) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(): string {
  return sessionCookie("", 0);
}

/** Starts a new session (a fresh token every time) and returns its Set-Cookie header value. */
export async function createUserSession(userId: string): Promise<string> {
  const token = generateToken();
  await lucia.createSession(userId, { createdAt: new Date() }, { sessionId: token });
  return sessionCookie(token, Math.floor(SESSION_ABSOLUTE_LIFETIME_MS / 1000));
}

const cache = new WeakMap<Request, Promise<CurrentUser | null>>();

/** The signed-in user, or null. Looked up once per request however many loaders ask. */
export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = lookUpUser(request);
    cache.set(request, pending);
  }
  return pending;
}

async function lookUpUser(request: Request): Promise<CurrentUser | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const { session, user } = await lucia.validateSession(token);
  if (!session) return null;
  if (session.createdAt.getTime() + SESSION_ABSOLUTE_LIFETIME_MS <= Date.now()) {
    await lucia.invalidateSession(token);
    return null;
  }
  const roles = await prisma.userRole.findMany({ where: { userId: user.id }, select: { role: true } });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailConfirmed: !!user.emailVerifiedAt,
    roles: roles.map((r) => r.role).filter(isRole),
  };
}

export async function endSession(request: Request): Promise<string> {
  const token = readSessionToken(request);
  if (token) await lucia.invalidateSession(token);
  return blankSessionCookie();
}

/** Signed-in user or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/sign-in?${new URLSearchParams({ redirectTo: back })}`);
  }
  return user;
}

export function hasRole(user: Pick<CurrentUser, "roles"> | null | undefined, ...roles: Role[]): boolean {
  return !!user && roles.some((role) => user.roles.includes(role));
}

/** Signed-in user holding at least one of `roles`, or 403. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!hasRole(user, ...roles)) {
    throw new AppError("forbidden", "You do not have permission to see this page.").toResponse();
  }
  return user;
}

/** For pages only signed-out people need (sign in, sign up). */
export async function requireAnonymous(request: Request): Promise<void> {
  if (await getCurrentUser(request)) throw redirect("/");
}
