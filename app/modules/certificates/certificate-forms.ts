/**
 * The certificate forms' schemas, shared by the routes (server) and Conform (browser): a learner's
 * "Get your certificate", and the admin's revoking a certificate and deciding a completion held for
 * a check (docs/decisions/0024, 0046).
 */
import { z } from "zod";
import { REJECT_REASON_MAX } from "./completion-checks.ts";
import { REVOKE_REASON_MAX } from "./constants.ts";

const id = z.string().trim().min(1).max(64);
const GIVE_REVOKE_REASON = "Give a reason for revoking: it is shown on the public page";
const GIVE_REJECT_REASON = "Give a reason for rejecting: the learner is shown it";

/** "Get your certificate" (My learning) posts the module to /certificates. */
export const IssueCertificateSchema = z.object({ moduleId: z.string().trim().min(1).max(100) });

/** /admin/certificates: revoke one certificate, with the reason its public page shows. */
export const RevokeCertificateSchema = z.object({
  certificateId: id,
  reason: z
    .string({ error: GIVE_REVOKE_REASON })
    .trim()
    .min(3, GIVE_REVOKE_REASON)
    .max(REVOKE_REASON_MAX, `Keep the reason under ${REVOKE_REASON_MAX} characters`),
});

/** /admin/completions: approve a held completion (the certificate is issued), or reject it with a reason. */
export const CompletionDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), checkId: id }),
  z.object({
    intent: z.literal("reject"),
    checkId: id,
    reason: z
      .string({ error: GIVE_REJECT_REASON })
      .trim()
      .min(3, GIVE_REJECT_REASON)
      .max(REJECT_REASON_MAX, `Keep the reason under ${REJECT_REASON_MAX} characters`),
  }),
]);
