import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { DatabaseLocker, LOCK_BUSY, deleteStaleUploadLocks } from "./upload-locker.server.ts";

/**
 * tus's locker in the database (docs/decisions/0054). Two lockers stand for two server processes:
 * they share nothing but the database.
 */
const fast = { leaseMs: 2_000, checkMs: 50, acquireTimeoutMs: 3_000 };
const never = () => {};
const signal = () => new AbortController().signal;

describe("the database locker for tus uploads", () => {
  it("lets one request hold an upload; another asks it to let go and then gets it", async () => {
    const id = randomUUID();
    const serverA = new DatabaseLocker(fast);
    const serverB = new DatabaseLocker(fast);
    const first = serverA.newLock(id);
    let releaseAsked = 0;
    await first.lock(signal(), async () => {
      releaseAsked++;
      await first.unlock(); // what tus does: the request ends and its lock is released
    });

    const second = serverB.newLock(id);
    const started = Date.now();
    await second.lock(signal(), never);
    expect(releaseAsked).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000); // asked, not waited out
    const row = await prisma.uploadLock.findUniqueOrThrow({ where: { uploadId: id } });
    expect(row.releaseRequested).toBe(false);
    await second.unlock();
    expect(await prisma.uploadLock.count({ where: { uploadId: id } })).toBe(0);
  });

  it("gives a lock whose holder died to the next request once its lease runs out", async () => {
    const id = randomUUID();
    // A holder in a process that died: its row is never renewed.
    await prisma.uploadLock.create({ data: { uploadId: id, holder: "gone", leasedUntil: new Date(Date.now() + 300) } });
    const lock = new DatabaseLocker(fast).newLock(id);
    await lock.lock(signal(), never);
    expect((await prisma.uploadLock.findUniqueOrThrow({ where: { uploadId: id } })).holder).not.toBe("gone");
    await lock.unlock();
  });

  it("keeps a live holder's lock past its lease by renewing it, even while it is ending", async () => {
    const id = randomUUID();
    const locker = new DatabaseLocker({ leaseMs: 300, checkMs: 50, acquireTimeoutMs: 600 });
    const holder = locker.newLock(id);
    let releaseAsked = 0;
    await holder.lock(signal(), () => void releaseAsked++); // a request that is slow to end
    await new Promise((resolve) => setTimeout(resolve, 700)); // more than two leases
    // Asked to let go, it is asked once, and it keeps the upload until its request has ended.
    await expect(new DatabaseLocker({ ...fast, acquireTimeoutMs: 700 }).newLock(id).lock(signal(), never)).rejects.toEqual(LOCK_BUSY);
    expect(releaseAsked).toBe(1);
    await holder.unlock();
    const next = new DatabaseLocker(fast).newLock(id);
    await next.lock(signal(), never);
    await next.unlock();
  });

  it("answers 423 (which tus clients retry) when the holder does not let go in time", async () => {
    const id = randomUUID();
    const holder = new DatabaseLocker(fast).newLock(id);
    await holder.lock(signal(), never);
    const started = Date.now();
    await expect(new DatabaseLocker({ ...fast, acquireTimeoutMs: 300 }).newLock(id).lock(signal(), never)).rejects.toEqual(LOCK_BUSY);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(LOCK_BUSY.status_code).toBe(423);
    await holder.unlock();
  });

  it("stops waiting when the waiting request is aborted", async () => {
    const id = randomUUID();
    const holder = new DatabaseLocker(fast).newLock(id);
    await holder.lock(signal(), never);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const started = Date.now();
    await expect(new DatabaseLocker(fast).newLock(id).lock(abort.signal, never)).rejects.toEqual(LOCK_BUSY);
    expect(Date.now() - started).toBeLessThan(1_500);
    await holder.unlock();
  });

  it("never releases or renews another holder's lock", async () => {
    const id = randomUUID();
    const locker = new DatabaseLocker({ leaseMs: 200, checkMs: 1_000, acquireTimeoutMs: 2_000 });
    const stale = locker.newLock(id);
    await stale.lock(signal(), never);
    await new Promise((resolve) => setTimeout(resolve, 300)); // its lease ran out before it renewed
    const next = new DatabaseLocker(fast).newLock(id);
    await next.lock(signal(), never);
    await stale.unlock(); // late: must not free the new holder's lock
    expect(await prisma.uploadLock.count({ where: { uploadId: id } })).toBe(1);
    await next.unlock();
  });

  it("cleans up rows whose lease ran out long ago", async () => {
    const id = randomUUID();
    await prisma.uploadLock.create({ data: { uploadId: id, holder: "gone", leasedUntil: new Date(Date.now() - 2 * 3_600_000) } });
    expect(await deleteStaleUploadLocks(new Date(Date.now() - 3_600_000))).toBeGreaterThanOrEqual(1);
    expect(await prisma.uploadLock.count({ where: { uploadId: id } })).toBe(0);
  });
});
