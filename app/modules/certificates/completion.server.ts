import { getOwnRating } from "~/modules/feedback/ratings.server.ts";
import { listLearnerModules } from "~/modules/progress/progress.server.ts";
import { AppError } from "~/utils/errors.ts";
import { issueCertificate, type PublicCertificate } from "./certificates.server.ts";

/** What the completion page can say about the certificate. */
export type CompletionCertificate =
  | { state: "issued"; certificate: PublicCertificate }
  /** Issued once and revoked by an admin since: never issued again, never offered for sharing. */
  | { state: "revoked"; certificate: PublicCertificate }
  /** The address is not confirmed yet (ADR 0031). */
  | { state: "unconfirmed" }
  /** Held for an admin's check (ADR 0024), refused, or the module is not available: `message` says which. */
  | { state: "not-issued"; message: string };

/**
 * The completion page of a module for its learner (issue 12): the hours it gives, the certificate
 * (issued here if it is not yet: completing the module is the request, and issuing is idempotent
 * and only ever for the signed-in learner, so a repeated or prefetched visit changes nothing), and
 * their rating. Null when the learner is not enrolled; `complete: false` before the last required
 * activity is done.
 */
export async function getCompletion({ userId, moduleId, origin }: { userId: string; moduleId: string; origin: string }) {
  const module = (await listLearnerModules(userId)).find((m) => m.moduleId === moduleId);
  if (!module) return null;
  const base = { moduleId, title: module.title, cpdHours: module.cpdHours, completedAt: module.completedAt };
  if (!module.summary.complete) return { ...base, complete: false as const };
  let certificate: CompletionCertificate;
  try {
    const issued = (await issueCertificate({ userId, moduleId, origin })).certificate;
    certificate = { state: issued.status === "revoked" ? "revoked" : "issued", certificate: issued };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    certificate = error.code === "email-unverified" ? { state: "unconfirmed" } : { state: "not-issued", message: error.message };
  }
  const rating = await getOwnRating(userId, moduleId);
  return { ...base, complete: true as const, certificate, rating };
}
