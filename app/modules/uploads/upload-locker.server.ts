import { randomUUID } from "node:crypto";
import type { Lock, Locker, RequestRelease } from "@tus/server";
import { Prisma } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";

/**
 * tus's locker, kept in the database (docs/decisions/0054) so that an upload can go on through any
 * server process: @tus/server's default MemoryLocker only knows the requests of its own process.
 *
 * A lock is a row per upload with a random holder token and a lease. The holder checks its row every
 * `checkMs` and renews the lease until it unlocks. When another request has asked for the upload
 * (`releaseRequested`), or its row is gone, it calls tus's `cancelReq` once, which ends its request;
 * tus then unlocks. A holder whose process died stops renewing, and its lease runs out.
 */
export type DatabaseLockerOptions = {
  /** How long a lock lasts without being renewed (a holder that died is waited for this long). */
  leaseMs?: number;
  /** How often a holder checks its row, and a waiting request tries again. */
  checkMs?: number;
  /** How long a request waits for a lock before it is told to try again. */
  acquireTimeoutMs?: number;
};

/** What tus answers when the lock is not free in time: 423 Locked, which tus-js-client retries. */
export const LOCK_BUSY = {
  status_code: 423,
  body: "This upload is being written by another request. Try again in a moment.",
};

export class DatabaseLocker implements Locker {
  readonly leaseMs: number;
  readonly checkMs: number;
  readonly acquireTimeoutMs: number;

  constructor(options: DatabaseLockerOptions = {}) {
    this.leaseMs = options.leaseMs ?? 15_000;
    this.checkMs = options.checkMs ?? 500;
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? 30_000;
  }

  newLock(id: string): Lock {
    return new DatabaseLock(id, this);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class DatabaseLock implements Lock {
  private readonly holder = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private held = false;
  private released = false;

  constructor(
    private readonly uploadId: string,
    private readonly locker: DatabaseLocker,
  ) {}

  async lock(signal: AbortSignal, cancelReq: RequestRelease): Promise<void> {
    const deadline = Date.now() + this.locker.acquireTimeoutMs;
    let asked = false;
    while (!signal.aborted && Date.now() < deadline) {
      if (await this.tryAcquire()) {
        this.held = true;
        this.watch(cancelReq);
        return;
      }
      if (!asked) {
        // Ask whoever holds it to finish; its next check sees this.
        await prisma.uploadLock.updateMany({ where: { uploadId: this.uploadId }, data: { releaseRequested: true } });
        asked = true;
      }
      await sleep(Math.min(this.locker.checkMs, Math.max(0, deadline - Date.now())));
    }
    throw LOCK_BUSY;
  }

  async unlock(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    if (!this.held) return;
    this.held = false;
    await prisma.uploadLock.deleteMany({ where: { uploadId: this.uploadId, holder: this.holder } });
  }

  private async tryAcquire(): Promise<boolean> {
    const now = Date.now();
    // A lease that ran out belongs to nobody. Only expired rows go, so a live holder's row stays.
    await prisma.uploadLock.deleteMany({ where: { uploadId: this.uploadId, leasedUntil: { lt: new Date(now) } } });
    try {
      await prisma.uploadLock.create({
        data: { uploadId: this.uploadId, holder: this.holder, leasedUntil: new Date(now + this.locker.leaseMs) },
      });
      return true;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
      throw error;
    }
  }

  /** While held: renew the lease, and give the upload up when asked to or when the row was taken. */
  private watch(cancelReq: RequestRelease) {
    let checking = false;
    this.timer = setInterval(() => {
      if (checking) return;
      checking = true;
      void this.check(cancelReq).finally(() => (checking = false));
    }, this.locker.checkMs);
    this.timer.unref();
  }

  private async check(cancelReq: RequestRelease) {
    try {
      const lease = { leasedUntil: new Date(Date.now() + this.locker.leaseMs) };
      const mine = { uploadId: this.uploadId, holder: this.holder };
      const renewed = await prisma.uploadLock.updateMany({ where: { ...mine, releaseRequested: false }, data: lease });
      if (renewed.count > 0 || !this.held) return;
      // Asked to let go, or the row is gone. Until tus's request has ended and unlocked, the lease
      // is still renewed, so nobody else writes while this request may be writing.
      const stillMine = await prisma.uploadLock.updateMany({ where: mine, data: lease });
      if (stillMine.count === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
      if (!this.released) {
        this.released = true;
        await cancelReq();
      }
    } catch {
      // The database did not answer: try again at the next check; the lease covers a short outage.
    }
  }
}

/** Lock rows whose lease ran out long ago (a holder that died): the hourly upload clean-up. */
export async function deleteStaleUploadLocks(olderThan: Date): Promise<number> {
  const { count } = await prisma.uploadLock.deleteMany({ where: { leasedUntil: { lt: olderThan } } });
  return count;
}
