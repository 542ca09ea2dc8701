/**
 * Fixed-window rate limits kept in the database (RateLimitWindow), so every server process shares
 * them. Spending is one conditional UPDATE (count = count + cost where the window is open and has
 * room), which SQLite applies atomically: parallel requests never overspend.
 */
import { Prisma } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";
import { secondsUntilWindowEnds, type RateDecision } from "./rate-limit.ts";

export async function takeRateLimit(
  key: string,
  { limit, windowMs, cost = 1, now = new Date() }: { limit: number; windowMs: number; cost?: number; now?: Date },
): Promise<RateDecision> {
  const ended = new Date(now.getTime() - windowMs);
  for (let round = 0; round < 3 && cost <= limit; round++) {
    // Spend from the open window, if it has room.
    const spent = await prisma.rateLimitWindow.updateMany({
      where: { key, windowStart: { gt: ended }, count: { lte: limit - cost } },
      data: { count: { increment: cost } },
    });
    if (spent.count === 1) return { allowed: true };
    // Or start a new window over one that has ended.
    const renewed = await prisma.rateLimitWindow.updateMany({
      where: { key, windowStart: { lte: ended } },
      data: { windowStart: now, count: cost },
    });
    if (renewed.count === 1) return { allowed: true };
    const row = await prisma.rateLimitWindow.findUnique({ where: { key }, select: { windowStart: true } });
    if (row) return { allowed: false, retryAfterSeconds: secondsUntilWindowEnds(row.windowStart, windowMs, now) };
    // Or open the first window for this key.
    try {
      await prisma.rateLimitWindow.create({ data: { key, windowStart: now, count: cost } });
      return { allowed: true };
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
      // Another request opened it first: spend from it.
    }
  }
  return { allowed: false, retryAfterSeconds: Math.ceil(windowMs / 1000) };
}

/** Deletes windows that ended long ago (they would start afresh anyway). */
export async function pruneRateLimits(olderThan: Date): Promise<void> {
  await prisma.rateLimitWindow.deleteMany({ where: { windowStart: { lt: olderThan } } });
}
