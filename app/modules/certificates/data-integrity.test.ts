import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  addProof,
  jcs,
  privateKeyFromMultibase,
  publicKeyFromJwk,
  publicKeyFromMultibase,
  publicKeyToJwk,
  publicKeyToMultibase,
  verifyProof,
  type JsonObject,
} from "./data-integrity.ts";

/**
 * The eddsa-jcs-2022 test vector of "Data Integrity EdDSA Cryptosuites v1.0"
 * (w3c/vc-di-eddsa, TestVectors/keyPair.json and TestVectors/eddsa-jcs-2022/signedJCS.json).
 */
const W3C_KEY = {
  publicKeyMultibase: "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
  privateKeyMultibase: "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq",
};
const W3C_DOCUMENT: JsonObject = {
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
  id: "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
  type: ["VerifiableCredential", "AlumniCredential"],
  name: "Alumni Credential",
  description: "A minimum viable example of an Alumni Credential.",
  issuer: "https://vc.example/issuers/5678",
  validFrom: "2023-01-01T00:00:00Z",
  credentialSubject: { id: "did:example:abcdefgh", alumniOf: "The School of Examples" },
};
const W3C_PROOF: JsonObject = {
  type: "DataIntegrityProof",
  cryptosuite: "eddsa-jcs-2022",
  created: "2023-02-24T23:36:38Z",
  verificationMethod: "https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
  proofPurpose: "assertionMethod",
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
  proofValue: "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4",
};

describe("eddsa-jcs-2022", () => {
  const publicKey = publicKeyFromMultibase(W3C_KEY.publicKeyMultibase)!;

  it("verifies the W3C test vector and reproduces its signature (Ed25519 is deterministic)", () => {
    expect(verifyProof({ ...W3C_DOCUMENT, proof: W3C_PROOF }, () => publicKey)).toEqual({
      verified: true,
      verificationMethod: W3C_PROOF.verificationMethod,
    });
    const privateKey = privateKeyFromMultibase(W3C_KEY.privateKeyMultibase);
    expect(publicKeyToMultibase(crypto.createPublicKey(privateKey))).toBe(W3C_KEY.publicKeyMultibase);
    const ours = addProof(W3C_DOCUMENT, {
      verificationMethod: W3C_PROOF.verificationMethod as string,
      created: W3C_PROOF.created as string,
      privateKey,
    });
    // The whole published proof, @context included (the published proof keeps it, and verifiers
    // hash the proof configuration as published), not just its signature.
    expect(jcs(ours.proof)).toBe(jcs(W3C_PROOF));
  });

  it("refuses a proof that does not carry the document's @context, unless asked to recognise the old form", () => {
    const privateKey = privateKeyFromMultibase(W3C_KEY.privateKeyMultibase);
    const signed = addProof(W3C_DOCUMENT, { verificationMethod: "https://x.example#k", created: "2026-01-01T00:00:00Z", privateKey });
    const { "@context": _context, ...withoutContext } = signed.proof as JsonObject;
    // Signed the old way: the signature was made over the document's @context, but the proof omits it.
    const old = { ...signed, proof: withoutContext };
    expect(verifyProof(old, () => publicKey)).toMatchObject({ verified: false, problem: "legacy-proof" });
    expect(verifyProof(old, () => publicKey, { legacy: true })).toMatchObject({ verified: true });
    expect(verifyProof({ ...old, name: "Altered" }, () => publicKey, { legacy: true })).toMatchObject({ problem: "bad-signature" });
  });

  it("verifies a proof set (an array) only when every proof in it verifies", () => {
    const { privateKey, publicKey: pub } = crypto.generateKeyPairSync("ed25519");
    const proof = addProof(W3C_DOCUMENT, { verificationMethod: "https://x.example#k", created: "2026-01-01T00:00:00Z", privateKey })
      .proof as JsonObject;
    expect(verifyProof({ ...W3C_DOCUMENT, proof: [proof] }, () => pub)).toMatchObject({ verified: true });
    expect(verifyProof({ ...W3C_DOCUMENT, proof: [] }, () => pub)).toMatchObject({ problem: "no-proof" });
    const broken = { ...proof, created: "2027-01-01T00:00:00Z" };
    expect(verifyProof({ ...W3C_DOCUMENT, proof: [proof, broken] }, () => pub)).toMatchObject({ problem: "bad-signature" });
    expect(verifyProof({ ...W3C_DOCUMENT, proof: [proof, "x"] }, () => pub)).toMatchObject({ problem: "unsupported-proof" });
  });

  it("canonicalises with RFC 8785 (key order, numbers, escapes)", () => {
    expect(jcs({ b: 1, a: [1e21, 0.1, -0], "\u20ac": "\u2028\n" })).toBe('{"a":[1e+21,0.1,0],"b":1,"€":"\u2028\\n"}');
  });

  it("does not depend on key order or whitespace in the signed file", () => {
    const { privateKey, publicKey: pub } = crypto.generateKeyPairSync("ed25519");
    const signed = addProof(W3C_DOCUMENT, { verificationMethod: "https://x.example#k", created: "2026-01-01T00:00:00Z", privateKey });
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(signed).reverse()), null, 4)) as JsonObject;
    expect(verifyProof(reordered, () => pub).verified).toBe(true);
  });

  it("rejects altered documents, altered proofs, other keys and missing proofs, saying which", () => {
    const { privateKey, publicKey: pub } = crypto.generateKeyPairSync("ed25519");
    const signed = addProof(W3C_DOCUMENT, { verificationMethod: "https://x.example#k", created: "2026-01-01T00:00:00Z", privateKey });
    const proof = signed.proof as JsonObject;
    const check = (doc: JsonObject, key = pub) => verifyProof(doc, () => key);

    expect(check({ ...signed, name: "Altered" })).toMatchObject({ verified: false, problem: "bad-signature" });
    expect(check({ ...signed, proof: { ...proof, created: "2027-01-01T00:00:00Z" } })).toMatchObject({ problem: "bad-signature" });
    expect(check(signed, crypto.generateKeyPairSync("ed25519").publicKey)).toMatchObject({ problem: "bad-signature" });
    expect(verifyProof(signed, () => null)).toMatchObject({ problem: "unknown-key" });
    const { proof: _p, ...unsigned } = signed;
    expect(check(unsigned)).toMatchObject({ problem: "no-proof" });
    expect(check({ ...signed, proof: { ...proof, cryptosuite: "eddsa-rdfc-2022" } })).toMatchObject({ problem: "unsupported-proof" });
    expect(check({ ...signed, proof: { ...proof, proofValue: "zNotBase58!!" } })).toMatchObject({ problem: "malformed-proof" });
    expect(check({ ...signed, proof: { ...proof, proofPurpose: "authentication" } })).toMatchObject({ problem: "malformed-proof" });
    expect(check({ ...signed, proof: { ...proof, "@context": ["https://example.org/other"] } })).toMatchObject({
      problem: "bad-signature",
    });
  });

  it("round-trips Ed25519 public keys through Multikey and JWK", () => {
    const { publicKey: pub } = crypto.generateKeyPairSync("ed25519");
    const multibase = publicKeyToMultibase(pub);
    expect(multibase).toMatch(/^z6Mk/);
    expect(publicKeyToMultibase(publicKeyFromMultibase(multibase)!)).toBe(multibase);
    expect(publicKeyToMultibase(publicKeyFromJwk(publicKeyToJwk(pub))!)).toBe(multibase);
    expect(publicKeyFromMultibase("zabc")).toBeNull();
    expect(publicKeyFromJwk({ kty: "EC", crv: "P-256", x: "abc" })).toBeNull();
  });
});
