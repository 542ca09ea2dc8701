import { prisma } from "~/utils/db.server.ts";
import { verifyPassword } from "./password.server.ts";

/**
 * UK GDPR: a learner can take all their data with them (JSON) and delete their account.
 * Issued certificates are records of fact and stay verifiable (their holder link is cleared).
 */
export async function exportPersonalData(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      organisationName: true,
      organisationType: true,
      roleInSchool: true,
      emailVerifiedAt: true,
      followUpsDeclinedAt: true,
      createdAt: true,
      roles: { select: { role: true, grantedAt: true } },
      sessions: { select: { createdAt: true, expiresAt: true } },
      enrolments: { select: { moduleId: true, enrolledAt: true, lastActivityId: true, lastActivityAt: true, completedAt: true } },
      progress: { select: { moduleId: true, activityId: true, completedAt: true } },
      quizAttempts: { select: { moduleId: true, activityId: true, answers: true, score: true, passed: true, createdAt: true } },
      reflections: { select: { moduleId: true, activityId: true, text: true, updatedAt: true } },
      moduleRatings: { select: { moduleId: true, versionNumber: true, score: true, comment: true, createdAt: true, updatedAt: true } },
      eventBookings: {
        select: {
          eventId: true,
          status: true,
          accessNeeds: true,
          dietary: true,
          createdAt: true,
          confirmedAt: true,
          cancelledAt: true,
          attendance: { select: { sessionKey: true, status: true, method: true, recordedAt: true } },
          feedback: { select: { score: true, comment: true, changes: true, impact: true, quoteConsent: true, updatedAt: true } },
        },
      },
      classroomFollowUps: {
        select: {
          subject: true,
          title: true,
          askedAt: true,
          answeredAt: true,
          declinedAt: true,
          used: true,
          learners: true,
          keyStages: true,
          girls: true,
          changed: true,
          wouldHelp: true,
        },
      },
      exerciseDrafts: { select: { moduleId: true, activityId: true, code: true, updatedAt: true } },
      exerciseRuns: { select: { moduleId: true, activityId: true, code: true, passed: true, results: true, createdAt: true } },
      certificates: {
        select: {
          id: true,
          moduleTitle: true,
          versionNumber: true,
          holderName: true,
          cpdHours: true,
          completedAt: true,
          issuedAt: true,
          status: true,
        },
      },
      completionChecks: {
        select: {
          moduleId: true,
          moduleTitle: true,
          startedAt: true,
          completedAt: true,
          status: true,
          reason: true,
          createdAt: true,
          decidedAt: true,
        },
      },
      memberships: { select: { organisationId: true, role: true, sharesRecord: true, consentedAt: true, joinedAt: true } },
      mediaAssets: { select: { id: true, kind: true, mime: true, bytes: true, originalName: true, fileName: true, createdAt: true } },
      mediaUploads: { select: { id: true, kind: true, originalName: true, bytes: true, createdAt: true } },
    },
  });
  const parse = (s: string) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return s;
    }
  };
  return {
    exportedAt: new Date().toISOString(),
    about: "Everything Pathways holds about you. Password hashes and session tokens are not included.",
    ...user,
    quizAttempts: user.quizAttempts.map((a) => ({ ...a, answers: parse(a.answers) })),
    exerciseRuns: user.exerciseRuns.map((r) => ({ ...r, results: parse(r.results) })),
  };
}

export type DeleteAccountResult = { ok: true } | { ok: false; message: string };

/** Deletes the account and everything that is only theirs, after checking the password. */
export async function deleteAccount(
  userId: string,
  password: string,
  {
    beforeDelete,
  }: {
    /**
     * What other domains do first, once the password is right (the route passes it, so auth does not
     * import them): places on events still ahead go to the people waiting (ADR 0056).
     */
    beforeDelete?: (userId: string) => Promise<unknown>;
  } = {},
): Promise<DeleteAccountResult> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true, roles: { select: { role: true } } } });
  if (!user) return { ok: true };
  if (!(await verifyPassword(user.passwordHash, password))) return { ok: false, message: "Your password is not correct" };
  if (user.roles.some((r) => r.role === "admin")) {
    const admins = await prisma.userRole.count({ where: { role: "admin" } });
    if (admins <= 1) return { ok: false, message: "You are the only administrator. Make someone else an administrator first." };
  }
  await beforeDelete?.(userId);
  // Cascades remove sessions, roles, enrolments, progress, attempts, reflections, drafts, runs,
  // module ratings (deleted, not anonymised: ADR 0015) and memberships; certificates keep their copy of the facts and lose only the link to the account.
  await prisma.user.delete({ where: { id: userId } });
  return { ok: true };
}
