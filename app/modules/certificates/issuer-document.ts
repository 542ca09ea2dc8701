/**
 * The issuer's public key document, published at /.well-known/pathways-issuer.json. It is the
 * issuer `id` of every credential, lists every key that ever signed one (as Multikey verification
 * methods and as a JWK Set) and is all a verifier needs besides the credential. Pure.
 */
import type { KeyObject } from "node:crypto";
import {
  isJsonObject,
  publicKeyFromJwk,
  publicKeyFromMultibase,
  publicKeyToJwk,
  publicKeyToMultibase,
  type Ed25519PublicJwk,
  type JsonObject,
} from "./data-integrity.ts";
import { ISSUER_NAME, issuerIdFor } from "./open-badge.ts";

/**
 * The DID v1 context (which defines verificationMethod, assertionMethod and controller, so
 * verifiers such as Digital Bazaar's need not frame the document) and the Multikey context. The
 * Controlled Identifiers context (cid/v1) said the same, but no verifier library ships it for
 * offline use, and a verifier that cannot load a context cannot check the key (ADR 0044).
 */
export const ISSUER_DOCUMENT_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"];

export type IssuerDocument = {
  "@context": string[];
  id: string;
  type: string[];
  name: string;
  url: string;
  verificationMethod: { id: string; type: "Multikey"; controller: string; publicKeyMultibase: string; created?: string }[];
  assertionMethod: string[];
  /** The same keys as a JWK Set; `status` says which one signs new credentials (ADR 0028). */
  keys: (Ed25519PublicJwk & { kid: string; status?: "current" | "retired" })[];
};

/** `active`: the current key; a retired key no longer signs but stays listed so its credentials verify. */
export type PublishedKey = { id: string; publicKey: KeyObject; active: boolean; createdAt: Date; retiredAt?: Date | null };

export function buildIssuerDocument(origin: string, keys: PublishedKey[]): IssuerDocument {
  const id = issuerIdFor(origin);
  return {
    "@context": ISSUER_DOCUMENT_CONTEXT,
    id,
    type: ["Profile"],
    name: ISSUER_NAME,
    url: origin.replace(/\/+$/, ""),
    verificationMethod: keys.map((k) => ({
      id: `${id}#${k.id}`,
      type: "Multikey",
      controller: id,
      publicKeyMultibase: publicKeyToMultibase(k.publicKey),
      created: k.createdAt.toISOString(),
    })),
    assertionMethod: keys.map((k) => `${id}#${k.id}`),
    keys: keys.map((k) => ({
      ...publicKeyToJwk(k.publicKey),
      kid: k.id,
      alg: "EdDSA",
      use: "sig",
      status: k.active ? ("current" as const) : ("retired" as const),
    })),
  };
}

/**
 * The public key a verificationMethod names, if this issuer document publishes it for assertions
 * (credentials). Multikey first, then the JWK Set. Null for anything else.
 */
export function resolveIssuerKey(document: unknown, verificationMethod: string): KeyObject | null {
  if (!isJsonObject(document) || typeof document.id !== "string") return null;
  const prefix = `${document.id}#`;
  if (!verificationMethod.startsWith(prefix)) return null;
  const assertion = document.assertionMethod;
  if (Array.isArray(assertion) && !assertion.some((m) => m === verificationMethod || (isJsonObject(m) && m.id === verificationMethod))) {
    return null;
  }
  const methods = Array.isArray(document.verificationMethod) ? document.verificationMethod : [];
  for (const method of methods) {
    if (!isJsonObject(method) || method.id !== verificationMethod) continue;
    if (method.type === "Multikey" && typeof method.publicKeyMultibase === "string")
      return publicKeyFromMultibase(method.publicKeyMultibase);
    if (method.publicKeyJwk) return publicKeyFromJwk(method.publicKeyJwk);
  }
  const kid = verificationMethod.slice(prefix.length);
  const keys = Array.isArray(document.keys) ? document.keys : [];
  const jwk = keys.find((k): k is JsonObject => isJsonObject(k) && k.kid === kid);
  return jwk ? publicKeyFromJwk(jwk) : null;
}
