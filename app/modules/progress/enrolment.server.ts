import { Prisma } from "~/generated/prisma/client.ts";
import { availabilityStatus, enrolmentClosedMessage } from "~/modules/catalog/availability.ts";
import { WITHDRAWN_MESSAGE } from "~/modules/catalog/catalog.server.ts";
import { ID_MAX_LENGTH, ID_PATTERN } from "~/modules/catalog/course-format.ts";
import { prisma } from "~/utils/db.server.ts";

export type EnrolRefusal = "not-found" | "not-yet-available" | "no-longer-available";

export type EnrolResult = { ok: true; alreadyEnrolled: boolean } | { ok: false; reason: EnrolRefusal; message: string };

const NOT_FOUND_MESSAGE = "There is no module with that address. It may have been removed.";

/**
 * Enrols `userId` in a published module. Idempotent: enrolling again (even at the same moment from
 * two tabs) answers `alreadyEnrolled: true` and changes nothing. Someone already enrolled stays
 * enrolled after the availability window closes or the module is archived; only new enrolments
 * are refused.
 */
export async function enrolInModule({
  userId,
  moduleId,
  now = new Date(),
}: {
  userId: string;
  moduleId: string;
  now?: Date;
}): Promise<EnrolResult> {
  if (!ID_PATTERN.test(moduleId) || moduleId.length > ID_MAX_LENGTH) return { ok: false, reason: "not-found", message: NOT_FOUND_MESSAGE };
  const mod = await prisma.module.findUnique({
    where: { id: moduleId },
    select: {
      archivedAt: true,
      currentVersion: { select: { availableFrom: true, availableUntil: true } },
      enrolments: { where: { userId }, select: { id: true } },
    },
  });
  if (!mod?.currentVersion) return { ok: false, reason: "not-found", message: NOT_FOUND_MESSAGE };
  if (mod.enrolments.length > 0) return { ok: true, alreadyEnrolled: true };
  if (mod.archivedAt) return { ok: false, reason: "no-longer-available", message: WITHDRAWN_MESSAGE };

  const status = availabilityStatus(mod.currentVersion, now);
  if (status !== "open") return { ok: false, reason: status, message: enrolmentClosedMessage(mod.currentVersion, now) ?? "" };

  try {
    await prisma.enrolment.create({ data: { userId, moduleId, enrolledAt: now }, select: { id: true } });
    return { ok: true, alreadyEnrolled: false };
  } catch (error) {
    // Another request enrolled the same person between our read and this write.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: true, alreadyEnrolled: true };
    throw error;
  }
}
