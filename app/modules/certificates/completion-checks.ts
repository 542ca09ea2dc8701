/** Completion checks (ADR 0024): values and wording shared by the server and the pages (no I/O). */
export const CompletionCheckStatus = { held: "held", approved: "approved", rejected: "rejected" } as const;
export type CompletionCheckStatus = (typeof CompletionCheckStatus)[keyof typeof CompletionCheckStatus];

export const COMPLETION_HELD_MESSAGE =
  "Your certificate is awaiting a check. You completed this module much faster than the time it usually takes, so an administrator looks at it before the certificate is issued. You do not need to do anything.";

export function completionRejectedMessage(reason: string): string {
  return `Your certificate was not issued after a check by an administrator: ${reason}`;
}

/** A rejection reason is shown to the learner: short and to the point. */
export const REJECT_REASON_MAX = 500;
