import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { prisma } from "~/utils/db.server.ts";
import { hashToken } from "./tokens.server.ts";

/**
 * Lucia v3 lives here and nowhere else. The adapter stores SHA-256(token) as the session id, so the
 * token in the cookie never rests in the database. Lucia hands the adapter the raw token; the adapter
 * hashes it on the way in and hands the same token back, so Lucia's `session.id` is the cookie value.
 */

export const SESSION_IDLE_TIMEOUT = new TimeSpan(14, "d"); // Lucia slides this while the session is used
export const SESSION_ABSOLUTE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000; // then sign in again, whatever happens
export const SESSION_COOKIE_NAME = "pathways_session";

type SessionRow = { id: string; userId: string; expiresAt: Date; createdAt: Date };
type UserRow = { id: string; email: string; name: string; emailVerifiedAt: Date | null };

function toDatabaseSession(token: string, row: SessionRow): DatabaseSession {
  return { id: token, userId: row.userId, expiresAt: row.expiresAt, attributes: { createdAt: row.createdAt } };
}
function toDatabaseUser(user: UserRow): DatabaseUser {
  return { id: user.id, attributes: { email: user.email, name: user.name, emailVerifiedAt: user.emailVerifiedAt } };
}

const hashingAdapter: Adapter = {
  async getSessionAndUser(token) {
    const row = await prisma.session.findUnique({
      where: { id: hashToken(token) },
      include: { user: { select: { id: true, email: true, name: true, emailVerifiedAt: true } } },
    });
    if (!row) return [null, null];
    return [toDatabaseSession(token, row), toDatabaseUser(row.user)];
  },
  async getUserSessions(userId) {
    // Only hashes are stored: these ids cannot be turned back into cookies.
    const rows = await prisma.session.findMany({ where: { userId } });
    return rows.map((row) => toDatabaseSession(row.id, row));
  },
  async setSession(session) {
    const createdAt = (session.attributes as { createdAt?: Date }).createdAt ?? new Date();
    await prisma.session.create({
      data: { id: hashToken(session.id), userId: session.userId, expiresAt: session.expiresAt, createdAt },
    });
  },
  async updateSessionExpiration(token, expiresAt) {
    await prisma.session.updateMany({ where: { id: hashToken(token) }, data: { expiresAt } });
  },
  async deleteSession(token) {
    await prisma.session.deleteMany({ where: { id: hashToken(token) } });
  },
  async deleteUserSessions(userId) {
    await prisma.session.deleteMany({ where: { userId } });
  },
  async deleteExpiredSessions() {
    await prisma.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  },
};

export const lucia = new Lucia(hashingAdapter, {
  sessionExpiresIn: SESSION_IDLE_TIMEOUT,
  sessionCookie: { name: SESSION_COOKIE_NAME, expires: false },
  getSessionAttributes: (attributes) => ({ createdAt: attributes.createdAt }),
  getUserAttributes: (attributes) => ({ email: attributes.email, name: attributes.name, emailVerifiedAt: attributes.emailVerifiedAt }),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseSessionAttributes: { createdAt: Date };
    DatabaseUserAttributes: { email: string; name: string; emailVerifiedAt: Date | null };
  }
}
