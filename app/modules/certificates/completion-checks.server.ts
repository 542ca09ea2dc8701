/**
 * Completions held for a check (ADR 0024): a learner who completed a module much faster than its
 * stated minutes gets no certificate until an admin approves (which issues it) or rejects it (with
 * a reason the learner is shown). issueCertificate records the hold; this file lists and decides.
 */
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { issueCertificate } from "./certificates.server.ts";
import { CompletionCheckStatus, REJECT_REASON_MAX } from "./completion-checks.ts";

/** Held completions, oldest first, with who and what (for /admin/completions). */
export function listHeldCompletions({ take = 100 }: { take?: number } = {}) {
  return prisma.completionCheck.findMany({
    where: { status: CompletionCheckStatus.held },
    orderBy: { createdAt: "asc" },
    take,
    select: {
      id: true,
      moduleId: true,
      moduleTitle: true,
      versionNumber: true,
      startedAt: true,
      completedAt: true,
      tookSeconds: true,
      floorSeconds: true,
      createdAt: true,
      user: { select: { name: true, email: true } },
    },
  });
}

/** The learner's own check for a module, if any (so the page can say it is awaited or why it was refused). */
export function getCompletionCheck({ userId, moduleId }: { userId: string; moduleId: string }) {
  return prisma.completionCheck.findUnique({
    where: { userId_moduleId: { userId, moduleId } },
    select: { status: true, reason: true },
  });
}

async function decide(checkId: string, adminId: string, now: Date, status: CompletionCheckStatus, reason: string | null) {
  const { count } = await prisma.completionCheck.updateMany({
    where: { id: checkId, status: CompletionCheckStatus.held },
    data: { status, reason, decidedAt: now, decidedById: adminId },
  });
  if (count === 0)
    throw new AppError("not-found", "There is no completion waiting for a check with that id (it may have been decided already).");
  return prisma.completionCheck.findUniqueOrThrow({ where: { id: checkId }, select: { userId: true, moduleId: true } });
}

/** Approves a held completion and issues its certificate (eligibility is still recomputed). */
export async function approveCompletion({
  checkId,
  adminId,
  origin,
  now = new Date(),
}: {
  checkId: string;
  adminId: string;
  origin: string;
  now?: Date;
}) {
  const { userId, moduleId } = await decide(checkId, adminId, now, CompletionCheckStatus.approved, null);
  return issueCertificate({ userId, moduleId, origin, now });
}

/** Rejects a held completion; the learner is shown the reason. */
export async function rejectCompletion({
  checkId,
  adminId,
  reason,
  now = new Date(),
}: {
  checkId: string;
  adminId: string;
  reason: string;
  now?: Date;
}) {
  const text = reason.trim();
  if (text.length < 3) throw new AppError("bad-request", "Give a reason: the learner is shown it.");
  if (text.length > REJECT_REASON_MAX) throw new AppError("bad-request", `Keep the reason under ${REJECT_REASON_MAX} characters.`);
  await decide(checkId, adminId, now, CompletionCheckStatus.rejected, text);
}
