/**
 * W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite ("Data Integrity EdDSA
 * Cryptosuites v1.0", section 3.3): JSON Canonicalization Scheme (RFC 8785), SHA-256 of the proof
 * configuration followed by SHA-256 of the document, an Ed25519 signature over those 64 bytes, and
 * the signature as multibase base58btc. No database and no network: usable offline in Node.
 */
import crypto, { type KeyObject } from "node:crypto";
import { base58, base64urlnopad } from "@scure/base";
import canonicalize from "canonicalize";

export const PROOF_TYPE = "DataIntegrityProof";
export const CRYPTOSUITE = "eddsa-jcs-2022";
export const PROOF_PURPOSE = "assertionMethod";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** RFC 8785 canonical JSON. */
export function jcs(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("Nothing to canonicalise");
  return text;
}

const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest();

// ---------------------------------------------------------------------------------------------
// Keys: Ed25519 as Node KeyObjects, Multikey (publicKeyMultibase) and JWK.

/** Multicodec prefix of an Ed25519 public key (0xed, varint-encoded). */
const ED25519_PUB_PREFIX = Uint8Array.from([0xed, 0x01]);
/** Multicodec prefix of an Ed25519 private key (seed), 0x1300 varint-encoded. */
const ED25519_PRIV_PREFIX = Uint8Array.from([0x80, 0x26]);

export function multibaseEncode(bytes: Uint8Array): string {
  return `z${base58.encode(bytes)}`;
}

export function multibaseDecode(text: string): Uint8Array | null {
  if (!text.startsWith("z")) return null;
  try {
    return base58.decode(text.slice(1));
  } catch {
    return null;
  }
}

function withPrefix(prefix: Uint8Array, bytes: Uint8Array) {
  const out = new Uint8Array(prefix.length + bytes.length);
  out.set(prefix);
  out.set(bytes, prefix.length);
  return out;
}

function stripPrefix(prefix: Uint8Array, bytes: Uint8Array | null): Uint8Array | null {
  if (!bytes || bytes.length !== prefix.length + 32) return null;
  if (!prefix.every((b, i) => bytes[i] === b)) return null;
  return bytes.slice(prefix.length);
}

export type Ed25519PublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string; kid?: string; alg?: string; use?: string };

export function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: "jwk" });
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string") throw new Error("Not an Ed25519 key");
  return base64urlnopad.decode(jwk.x);
}

export function publicKeyToMultibase(key: KeyObject): string {
  return multibaseEncode(withPrefix(ED25519_PUB_PREFIX, rawPublicKey(key)));
}

export function publicKeyToJwk(key: KeyObject): Ed25519PublicJwk {
  return { kty: "OKP", crv: "Ed25519", x: base64urlnopad.encode(rawPublicKey(key)) };
}

/** A public key from a Multikey `publicKeyMultibase`, or null when it is not an Ed25519 key. */
export function publicKeyFromMultibase(text: string): KeyObject | null {
  const raw = stripPrefix(ED25519_PUB_PREFIX, multibaseDecode(text));
  return raw ? publicKeyFromRaw(raw) : null;
}

export function publicKeyFromJwk(jwk: unknown): KeyObject | null {
  if (!isJsonObject(jwk) || jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string") return null;
  try {
    const raw = base64urlnopad.decode(jwk.x);
    return raw.length === 32 ? publicKeyFromRaw(raw) : null;
  } catch {
    return null;
  }
}

function publicKeyFromRaw(raw: Uint8Array): KeyObject | null {
  try {
    return crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: base64urlnopad.encode(raw) }, format: "jwk" });
  } catch {
    return null;
  }
}

/** A private key from a multibase-encoded Ed25519 seed (the form used by the W3C test vectors). */
export function privateKeyFromMultibase(text: string): KeyObject {
  const seed = stripPrefix(ED25519_PRIV_PREFIX, multibaseDecode(text));
  if (!seed) throw new Error("Not a multibase Ed25519 private key");
  const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(seed)]);
  return crypto.createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
}

// ---------------------------------------------------------------------------------------------
// Create and verify (sections 3.3.1 to 3.3.6 of the cryptosuite).

export type ProofOptions = {
  verificationMethod: string;
  created: string;
  proofPurpose?: string;
};

/** Proof configuration (3.3.5): the proof options with the document's @context, canonicalised. */
function canonicalProofConfig(proofOptions: JsonObject, unsecured: JsonObject): string {
  if (proofOptions.type !== PROOF_TYPE || proofOptions.cryptosuite !== CRYPTOSUITE) throw new Error("Not an eddsa-jcs-2022 proof");
  const config: JsonObject = { ...proofOptions };
  if (unsecured["@context"] !== undefined) config["@context"] = unsecured["@context"];
  return jcs(config);
}

/** Hashing (3.3.4): SHA-256(proof configuration) followed by SHA-256(canonical document). */
function hashData(unsecured: JsonObject, proofOptions: JsonObject): Buffer {
  return Buffer.concat([sha256(canonicalProofConfig(proofOptions, unsecured)), sha256(jcs(unsecured))]);
}

/**
 * Create Proof (3.3.1): the proof for `document` (which must not have one). As the specification
 * says, the proof carries the document's `@context`: verifiers (Digital Bazaar's among them) hash
 * the proof configuration exactly as published, so a proof without it cannot be checked by them.
 */
export function createProof(document: JsonObject, options: ProofOptions & { privateKey: KeyObject }): JsonObject {
  if ("proof" in document) throw new Error("The document already has a proof");
  if (Number.isNaN(Date.parse(options.created))) throw new Error("proof created must be a date-time");
  const proofOptions: JsonObject = {
    ...(document["@context"] !== undefined ? { "@context": document["@context"] } : {}),
    type: PROOF_TYPE,
    cryptosuite: CRYPTOSUITE,
    created: options.created,
    verificationMethod: options.verificationMethod,
    proofPurpose: options.proofPurpose ?? PROOF_PURPOSE,
  };
  const signature = crypto.sign(null, hashData(document, proofOptions), options.privateKey);
  return { ...proofOptions, proofValue: multibaseEncode(signature) };
}

/** Adds an eddsa-jcs-2022 proof to `document` and returns the secured copy (`proof` as one object). */
export function addProof(document: JsonObject, options: ProofOptions & { privateKey: KeyObject }): JsonObject {
  return { ...document, proof: createProof(document, options) };
}

export type ProofProblem = "no-proof" | "unsupported-proof" | "malformed-proof" | "unknown-key" | "bad-signature" | "legacy-proof";
export type ProofVerification = { verified: true; verificationMethod: string } | { verified: false; problem: ProofProblem; detail: string };

type VerifyOptions = {
  /**
   * Accept a proof that does not carry the document's @context, hashing the document's own in its
   * place: how Pathways signed before December 2026 (ADR 0044). Only to recognise such a copy as
   * genuine-but-superseded; independent verifiers reject it, so Pathways does not call it genuine.
   */
  legacy?: boolean;
};

/**
 * Verify Proof (3.3.2). `proof` may be one proof or a set (an array, as Open Badges 3.0 publishes
 * it); every proof in the set must be an eddsa-jcs-2022 proof that verifies. `resolveKey` maps a
 * verificationMethod to a public key, or null when that method is not one the verifier trusts.
 */
export function verifyProof(
  secured: JsonObject,
  resolveKey: (verificationMethod: string) => KeyObject | null,
  options: VerifyOptions = {},
): ProofVerification {
  const proof = secured.proof;
  if (proof === undefined || proof === null) return { verified: false, problem: "no-proof", detail: "there is no proof" };
  const proofs = Array.isArray(proof) ? proof : [proof];
  if (proofs.length === 0) return { verified: false, problem: "no-proof", detail: "the proof set is empty" };
  const unsecured: JsonObject = { ...secured };
  delete unsecured.proof;
  let result: ProofVerification | null = null;
  for (const one of proofs) {
    result = verifyOneProof(one, unsecured, resolveKey, options);
    if (!result.verified) return result;
  }
  return result!;
}

function verifyOneProof(
  proof: JsonValue,
  document: JsonObject,
  resolveKey: (verificationMethod: string) => KeyObject | null,
  { legacy = false }: VerifyOptions,
): ProofVerification {
  if (!isJsonObject(proof)) return { verified: false, problem: "unsupported-proof", detail: "a proof is not an object" };
  if (proof.type !== PROOF_TYPE || proof.cryptosuite !== CRYPTOSUITE) {
    return { verified: false, problem: "unsupported-proof", detail: `the proof is not ${PROOF_TYPE} with ${CRYPTOSUITE}` };
  }
  const { proofValue, ...proofOptions } = proof;
  if (typeof proofValue !== "string") return { verified: false, problem: "malformed-proof", detail: "the proof has no proofValue" };
  if (typeof proofOptions.verificationMethod !== "string") {
    return { verified: false, problem: "malformed-proof", detail: "the proof has no verificationMethod" };
  }
  if (proofOptions.proofPurpose !== PROOF_PURPOSE) {
    return { verified: false, problem: "malformed-proof", detail: `the proof purpose is not ${PROOF_PURPOSE}` };
  }
  if (proofOptions.created !== undefined && (typeof proofOptions.created !== "string" || Number.isNaN(Date.parse(proofOptions.created)))) {
    return { verified: false, problem: "malformed-proof", detail: "the proof's created date is not a date" };
  }
  const signature = multibaseDecode(proofValue);
  if (!signature || signature.length !== 64) {
    return { verified: false, problem: "malformed-proof", detail: "the proofValue is not a base58btc Ed25519 signature" };
  }

  const unsecured: JsonObject = { ...document };
  const proofContext = proofOptions["@context"];
  if (proofContext !== undefined) {
    // 3.3.2 step 3: the document's @context must begin with the proof's, which then replaces it.
    const documentContext = Array.isArray(document["@context"]) ? document["@context"] : [document["@context"] ?? null];
    const expected = Array.isArray(proofContext) ? proofContext : [proofContext];
    if (!expected.every((c, i) => jcs(c) === jcs(documentContext[i] ?? null))) {
      return { verified: false, problem: "bad-signature", detail: "the proof's @context does not match the document's" };
    }
    unsecured["@context"] = proofContext;
  } else if (!legacy && document["@context"] !== undefined) {
    return { verified: false, problem: "legacy-proof", detail: "the proof does not carry the document's @context" };
  }

  const key = resolveKey(proofOptions.verificationMethod);
  if (!key) return { verified: false, problem: "unknown-key", detail: `no trusted key ${proofOptions.verificationMethod}` };
  let valid = false;
  try {
    valid = crypto.verify(null, hashData(unsecured, proofOptions), key, signature);
  } catch {
    valid = false;
  }
  return valid
    ? { verified: true, verificationMethod: proofOptions.verificationMethod }
    : { verified: false, problem: "bad-signature", detail: "the signature does not match the document" };
}
