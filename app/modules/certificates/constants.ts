/** Certificate values shared by the server and the pages (no I/O, safe in the browser bundle). */
export const CertificateStatus = { valid: "valid", revoked: "revoked" } as const;
export type CertificateStatus = (typeof CertificateStatus)[keyof typeof CertificateStatus];

/** Pathways credentials are a few kilobytes; anything over this is refused unread. */
export const MAX_CREDENTIAL_BYTES = 64 * 1024;

/** A revocation reason is shown publicly: short and to the point. */
export const REVOKE_REASON_MAX = 300;

/** Why a completed module has no certificate yet when the account's address is not confirmed (ADR 0031). */
export const EMAIL_UNVERIFIED_MESSAGE = "Confirm your email address to receive your certificate.";
