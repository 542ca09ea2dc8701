/** What a confirmation link is for (ADR 0031); shared by the server and the confirmation page. */
export const EmailTokenPurpose = { verify: "verify", change: "change" } as const;
export type EmailTokenPurpose = (typeof EmailTokenPurpose)[keyof typeof EmailTokenPurpose];
