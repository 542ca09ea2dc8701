/**
 * Offline verification of a Pathways credential: given the credential (as text or parsed JSON) and
 * the issuer's key document, is it genuine, and if not, why not, in words a school leader can act
 * on. Pure (no database, no network); scripts/verify-credential.ts runs it from the command line.
 */
import { MAX_CREDENTIAL_BYTES } from "./constants.ts";
import { isJsonObject, verifyProof, type JsonObject } from "./data-integrity.ts";
import { resolveIssuerKey } from "./issuer-document.ts";
import { VC_CONTEXT } from "./open-badge.ts";

export { MAX_CREDENTIAL_BYTES };

export type CredentialProblem =
  | "empty"
  | "too-large"
  | "truncated"
  | "not-json"
  | "not-a-credential"
  | "no-proof"
  | "unsupported-proof"
  | "malformed-proof"
  | "wrong-issuer"
  | "unknown-key"
  | "bad-signature"
  | "superseded";

export type CredentialVerdict =
  | { genuine: true; credential: JsonObject; verificationMethod: string }
  | { genuine: false; problem: CredentialProblem; message: string; credential?: JsonObject };

const MESSAGES: Record<CredentialProblem, string> = {
  empty: "There was nothing to check. Paste the credential or choose its file.",
  "too-large": `That is larger than ${MAX_CREDENTIAL_BYTES / 1024} KB, so it is not a Pathways credential.`,
  truncated: "The credential is incomplete (truncated JSON): its end is missing, perhaps because only part of it was copied.",
  "not-json": "That is not a credential: it is not valid JSON.",
  "not-a-credential": "That JSON is not an Open Badges credential (it is not of type OpenBadgeCredential).",
  "no-proof": "The credential has no signature (its proof is missing), so nothing shows who issued it.",
  "unsupported-proof": "The credential's signature is not of the kind Pathways uses (a Data Integrity proof with eddsa-jcs-2022).",
  "malformed-proof": "The credential's signature is damaged or incomplete: the file was altered after it was issued.",
  "wrong-issuer": "The credential names a different issuer, not this Pathways site.",
  "unknown-key": "The credential was signed with a key this Pathways site has not published (unknown key).",
  "bad-signature": "The signature does not match: the file was altered after it was issued.",
  superseded:
    "This is a copy of a genuine Pathways credential in the format used before December 2026, which other verifiers cannot check. Its certificate has not changed: download the current credential from the certificate's page (the address in its id).",
};

export function problemMessage(problem: CredentialProblem): string {
  return MESSAGES[problem];
}

const fail = (problem: CredentialProblem, credential?: JsonObject): CredentialVerdict => ({
  genuine: false,
  problem,
  message: MESSAGES[problem],
  ...(credential ? { credential } : {}),
});

/**
 * True when `text` stops inside a string or with brackets still open: the JSON was cut short
 * rather than written wrongly.
 */
export function looksTruncated(text: string): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const ch of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") depth--;
  }
  return inString || depth > 0;
}

export type ParsedCredential = { ok: true; credential: JsonObject } | { ok: false; problem: CredentialProblem };

export function parseCredentialText(text: string): ParsedCredential {
  if (Buffer.byteLength(text, "utf8") > MAX_CREDENTIAL_BYTES) return { ok: false, problem: "too-large" };
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (!trimmed) return { ok: false, problem: "empty" };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { ok: false, problem: looksTruncated(trimmed) ? "truncated" : "not-json" };
  }
  if (!isJsonObject(value)) return { ok: false, problem: "not-a-credential" };
  return { ok: true, credential: value };
}

function hasType(value: unknown, type: string) {
  return value === type || (Array.isArray(value) && value.includes(type));
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The VC 2.0 data model's basic rules: its context first, a subject, a date-time validFrom. */
function isWellFormed(credential: JsonObject): boolean {
  const context = credential["@context"];
  if (!Array.isArray(context) || context[0] !== VC_CONTEXT) return false;
  if (!isJsonObject(credential.credentialSubject)) return false;
  const validFrom = credential.validFrom;
  return validFrom === undefined || (typeof validFrom === "string" && DATE_TIME.test(validFrom) && !Number.isNaN(Date.parse(validFrom)));
}

/** Is this credential genuine: an OpenBadgeCredential whose proof verifies with a key the issuer publishes? */
export function verifyCredential(input: string | JsonObject, issuerDocument: unknown): CredentialVerdict {
  let credential: JsonObject;
  if (typeof input === "string") {
    const parsed = parseCredentialText(input);
    if (!parsed.ok) return fail(parsed.problem);
    credential = parsed.credential;
  } else {
    credential = input;
  }
  if (!hasType(credential.type, "VerifiableCredential") || !hasType(credential.type, "OpenBadgeCredential") || !isWellFormed(credential)) {
    return fail("not-a-credential", credential);
  }
  if (credential.proof === undefined || credential.proof === null) return fail("no-proof", credential);

  const issuerId = isJsonObject(credential.issuer) ? credential.issuer.id : credential.issuer;
  const expectedIssuer = isJsonObject(issuerDocument) ? issuerDocument.id : undefined;
  if (typeof issuerId !== "string" || issuerId !== expectedIssuer) return fail("wrong-issuer", credential);

  const resolveKey = (method: string) => resolveIssuerKey(issuerDocument, method);
  const result = verifyProof(credential, resolveKey);
  if (result.verified) return { genuine: true, credential, verificationMethod: result.verificationMethod };
  switch (result.problem) {
    case "legacy-proof":
      // Signed by Pathways before ADR 0044 (one proof object, no @context in it)? Then say so, but
      // do not call it genuine: nobody else can check it. Anything else without it was altered.
      return !Array.isArray(credential.proof) && verifyProof(credential, resolveKey, { legacy: true }).verified
        ? fail("superseded", credential)
        : fail("bad-signature", credential);
    case "no-proof":
      return fail("no-proof", credential);
    case "unknown-key":
      return fail("unknown-key", credential);
    case "bad-signature":
      return fail("bad-signature", credential);
    case "malformed-proof":
      return fail("malformed-proof", credential);
    default:
      return fail("unsupported-proof", credential);
  }
}

/** The facts a credential states, for showing beside the verdict (nothing is trusted unless genuine). */
export function describeCredential(credential: JsonObject) {
  const subject = isJsonObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const achievement = isJsonObject(subject.achievement) ? subject.achievement : {};
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    holderName: text(subject.name),
    moduleTitle: text(achievement.name),
    completedAt: text(subject.activityEndDate),
    issuedAt: text(credential.validFrom),
    cpdHours: typeof subject.creditsEarned === "number" ? subject.creditsEarned : null,
  };
}
