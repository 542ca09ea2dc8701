/**
 * A certificate as an Open Badges 3.0 `OpenBadgeCredential` (W3C Verifiable Credentials Data
 * Model 2.0). Pure: the same facts and origin always give the same credential.
 */
import type { JsonObject } from "./data-integrity.ts";

export const ISSUER_NAME = "Pathways";
export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const STATUS_TYPE = "1EdTechRevocationList";

/** What a certificate records, copied at issue time (it never changes afterwards). */
export type CertificateFacts = {
  id: string;
  holderName: string;
  moduleId: string;
  moduleTitle: string;
  versionNumber: number;
  cpdHours: number;
  completedAt: Date;
  issuedAt: Date;
  issuer: string;
};

/** The public addresses of a certificate and of the issuer, on one site (`origin`). */
export function certificateUrls(origin: string, certificateId: string) {
  const base = origin.replace(/\/+$/, "");
  return {
    verifyUrl: `${base}/verify/${certificateId}`,
    statusUrl: `${base}/verify/${certificateId}/status.json`,
    issuerId: issuerIdFor(base),
    achievementId: (moduleId: string, versionNumber: number) => `${base}/courses/${encodeURIComponent(moduleId)}#version-${versionNumber}`,
  };
}

/** The issuer's id: the URL of its published key document (see docs/decisions/0008). */
export function issuerIdFor(origin: string): string {
  return `${origin.replace(/\/+$/, "")}/.well-known/pathways-issuer.json`;
}

/** An instant as an XML Schema dateTimeStamp in UTC, to the second. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function formatHours(hours: number): string {
  return `${hours.toLocaleString("en-GB", { maximumFractionDigits: 1 })} hour${hours === 1 ? "" : "s"}`;
}

/** The unsigned credential for a certificate. */
export function buildOpenBadgeCredential(facts: CertificateFacts, origin: string): JsonObject {
  const urls = certificateUrls(origin, facts.id);
  const hours = formatHours(facts.cpdHours);
  return {
    "@context": [VC_CONTEXT, OB3_CONTEXT],
    id: urls.verifyUrl,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `${facts.moduleTitle}: certificate of completion`,
    description: `${facts.holderName} completed the ${facts.issuer} CPD module "${facts.moduleTitle}" (version ${facts.versionNumber}, ${hours}).`,
    issuer: { id: urls.issuerId, type: ["Profile"], name: facts.issuer, url: origin.replace(/\/+$/, "") },
    validFrom: isoSeconds(facts.issuedAt),
    credentialSubject: {
      type: ["AchievementSubject"],
      name: facts.holderName,
      activityEndDate: isoSeconds(facts.completedAt),
      creditsEarned: facts.cpdHours,
      achievement: {
        id: urls.achievementId(facts.moduleId, facts.versionNumber),
        type: ["Achievement"],
        achievementType: "Course",
        name: facts.moduleTitle,
        description: `The ${facts.issuer} self-paced CPD module "${facts.moduleTitle}", version ${facts.versionNumber}.`,
        criteria: {
          narrative: `Complete every required activity of "${facts.moduleTitle}" (version ${facts.versionNumber}) on ${facts.issuer}.`,
        },
        creditsAvailable: facts.cpdHours,
        fieldOfStudy: "Continuing professional development for teachers",
      },
    },
    credentialStatus: { id: urls.statusUrl, type: STATUS_TYPE },
  };
}

/** The certificate id a Pathways credential carries (the last segment of its /verify/<id> id). */
export function certificateIdFromCredential(credential: JsonObject): string | null {
  if (typeof credential.id !== "string") return null;
  const match = /\/verify\/([A-Za-z0-9_-]{16,64})$/.exec(credential.id);
  return match?.[1] ?? null;
}

/** The verification address a stored credential was issued with (it is the credential's id). */
export function verifyUrlFromStoredCredential(credentialJson: string): string | null {
  try {
    const id = (JSON.parse(credentialJson) as { id?: unknown }).id;
    return typeof id === "string" && /^https?:\/\/[^\s]+\/verify\/[A-Za-z0-9_-]+$/.test(id) ? id : null;
  } catch {
    return null;
  }
}
