/**
 * What a certificate is for (docs/decisions/0057): completing an online module, or attending a live
 * event. An attendance certificate keeps the event in the certificate's `moduleId` as
 * "event:<event id>" (a module id cannot contain a colon), so the one-certificate-per-person-and-
 * subject rule, the status list, verification and reissue under a new name work for both. Pure.
 */
export const EVENT_SUBJECT_PREFIX = "event:";

export type CertificateKind = "module" | "event";

export const eventCertificateKey = (eventId: string) => `${EVENT_SUBJECT_PREFIX}${eventId}`;

export function certificateSubject(moduleId: string): { kind: CertificateKind; id: string } {
  return moduleId.startsWith(EVENT_SUBJECT_PREFIX)
    ? { kind: "event", id: moduleId.slice(EVENT_SUBJECT_PREFIX.length) }
    : { kind: "module", id: moduleId };
}

/** The words each kind of certificate uses. */
export const CERTIFICATE_WORDING: Record<
  CertificateKind,
  { title: string; certifies: string; subject: string; completedOn: string; kindInRecord: string }
> = {
  module: {
    title: "Certificate of completion",
    certifies: "has completed the CPD module",
    subject: "Module",
    completedOn: "Completed on",
    kindInRecord: "Online module",
  },
  event: {
    title: "Certificate of attendance",
    certifies: "attended the live CPD event",
    subject: "Live event",
    completedOn: "Last attended on",
    kindInRecord: "Live event",
  },
};

/** "Introduction to … (version 3)" for a module, the title alone for an event. */
export function certificateSubjectLabel(c: { moduleId: string; moduleTitle: string; versionNumber: number }): string {
  return certificateSubject(c.moduleId).kind === "event" ? c.moduleTitle : `${c.moduleTitle} (version ${c.versionNumber})`;
}
