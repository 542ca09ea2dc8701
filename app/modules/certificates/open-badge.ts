/**
 * A certificate as an Open Badges 3.0 `OpenBadgeCredential` (W3C Verifiable Credentials Data
 * Model 2.0). Pure: the same facts and origin always give the same credential. The holder is named
 * by a salted hash of their email address (an Open Badges IdentityObject), never the address; the
 * revocation status is a W3C Bitstring Status List entry, a term the VC 2.0 context defines
 * (docs/decisions/0044).
 */
import crypto, { type KeyObject } from "node:crypto";
import { certificateSubject } from "./certificate-subject.ts";
import { createProof, type JsonObject } from "./data-integrity.ts";

export const ISSUER_NAME = "Pathways";
export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/** The status entry type of credentials issued before December 2026 (kept answering; ADR 0044). */
export const LEGACY_STATUS_TYPE = "1EdTechRevocationList";
export const STATUS_TYPE = "BitstringStatusListEntry";
/** Entries in the revocation list: 2^20, so random positions rarely collide (ADR 0044). */
export const STATUS_LIST_LENGTH = 1 << 20;
/** The one revocation list so far; its number is part of its address. */
export const STATUS_LIST_NUMBER = 1;

/**
 * Who a credential is for, as Open Badges 3.0 recommends when an address must not be exposed: a
 * salted SHA-256 of the (lower-cased) email address, or of the name when no address is known.
 */
export type Recipient = { identityType: "emailAddress" | "name"; value: string; salt: string };

export function identityHash(value: string, salt: string): string {
  return `sha256$${crypto.createHash("sha256").update(`${value}${salt}`, "utf8").digest("hex")}`;
}

export function newRecipientSalt(): string {
  return crypto.randomBytes(16).toString("hex");
}

/** The recipient for an account's email address (trimmed and lower-cased before hashing). */
export function recipientFor(email: string | null | undefined, holderName: string, salt = newRecipientSalt()): Recipient {
  return email
    ? { identityType: "emailAddress", value: email.trim().toLowerCase(), salt }
    : { identityType: "name", value: holderName, salt };
}

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

/** What the credential says besides the facts: who it is for, and where its status is kept. */
export type CredentialFacts = CertificateFacts & {
  /** The holder's identity, hashed into the credential (Open Badges IdentityObject). */
  recipient: Recipient;
  /** This certificate's position in the revocation status list. */
  statusListIndex: number;
};

/** The public addresses of a certificate and of the issuer, on one site (`origin`). */
export function certificateUrls(origin: string, certificateId: string) {
  const base = origin.replace(/\/+$/, "");
  return {
    verifyUrl: `${base}/verify/${certificateId}`,
    statusUrl: `${base}/verify/${certificateId}/status.json`,
    statusListUrl: statusListUrlFor(base, STATUS_LIST_NUMBER),
    issuerId: issuerIdFor(base),
    achievementId: (moduleId: string, versionNumber: number) => `${base}/courses/${encodeURIComponent(moduleId)}#version-${versionNumber}`,
  };
}

/** The revocation list (a BitstringStatusListCredential) that status entries point at. */
export function statusListUrlFor(origin: string, listNumber: number): string {
  return `${origin.replace(/\/+$/, "")}/verify/status-lists/${listNumber}`;
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
export function buildOpenBadgeCredential(facts: CredentialFacts, origin: string): JsonObject {
  const urls = certificateUrls(origin, facts.id);
  const hours = formatHours(facts.cpdHours);
  const subject = certificateSubject(facts.moduleId);
  const base = origin.replace(/\/+$/, "");
  // An attendance certificate (docs/decisions/0057): the live event is the achievement, and the
  // hours are those its attendance earned.
  const about: { name: string; description: string; achievement: JsonObject } =
    subject.kind === "event"
      ? {
          name: `${facts.moduleTitle}: certificate of attendance`,
          description: `${facts.holderName} attended the ${facts.issuer} live CPD event "${facts.moduleTitle}" (${hours}).`,
          achievement: {
            id: `${base}/events/${encodeURIComponent(subject.id)}`,
            type: ["Achievement"],
            achievementType: "Course",
            name: facts.moduleTitle,
            description: `The ${facts.issuer} live CPD event "${facts.moduleTitle}", with facilitators, in person or online.`,
            criteria: {
              narrative: `Attend enough of the sessions of "${facts.moduleTitle}", as recorded by its organisers' register or the attendee's check-in with the session's code. CPD hours are in proportion to the sessions attended.`,
            },
            fieldOfStudy: "Continuing professional development for teachers",
          },
        }
      : {
          name: `${facts.moduleTitle}: certificate of completion`,
          description: `${facts.holderName} completed the ${facts.issuer} CPD module "${facts.moduleTitle}" (version ${facts.versionNumber}, ${hours}).`,
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
        };
  return {
    "@context": [VC_CONTEXT, OB3_CONTEXT],
    id: urls.verifyUrl,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: about.name,
    description: about.description,
    issuer: { id: urls.issuerId, type: ["Profile"], name: facts.issuer, url: base },
    validFrom: isoSeconds(facts.issuedAt),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [
        {
          type: "IdentityObject",
          identityHash: identityHash(facts.recipient.value, facts.recipient.salt),
          identityType: facts.recipient.identityType,
          hashed: true,
          salt: facts.recipient.salt,
        },
      ],
      name: facts.holderName,
      activityEndDate: isoSeconds(facts.completedAt),
      creditsEarned: facts.cpdHours,
      achievement: about.achievement,
    },
    credentialStatus: {
      id: `${urls.statusListUrl}#${facts.statusListIndex}`,
      type: STATUS_TYPE,
      statusPurpose: "revocation",
      statusListIndex: String(facts.statusListIndex),
      statusListCredential: urls.statusListUrl,
    },
  };
}

/**
 * The signed credential, as stored and downloaded: Open Badges 3.0 publishes `proof` as a set (an
 * array), here of one eddsa-jcs-2022 proof made with the issuer's key `key.id`.
 */
export function signOpenBadgeCredential(
  facts: CredentialFacts,
  origin: string,
  key: { id: string; privateKey: KeyObject },
  now: Date,
): JsonObject {
  const unsigned = buildOpenBadgeCredential(facts, origin);
  const issuerId = issuerIdFor(origin);
  const proof = createProof(unsigned, {
    verificationMethod: `${issuerId}#${key.id}`,
    created: isoSeconds(now),
    privateKey: key.privateKey,
  });
  return { ...unsigned, proof: [proof] };
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
