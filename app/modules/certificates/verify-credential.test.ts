import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { addProof, type JsonObject } from "./data-integrity.ts";
import { buildIssuerDocument } from "./issuer-document.ts";
import {
  buildOpenBadgeCredential,
  certificateIdFromCredential,
  identityHash,
  OB3_CONTEXT,
  signOpenBadgeCredential,
  VC_CONTEXT,
} from "./open-badge.ts";
import { describeCredential, looksTruncated, MAX_CREDENTIAL_BYTES, verifyCredential } from "./verify-credential.ts";

const ORIGIN = "https://pathways.example.org";
const keys = [crypto.generateKeyPairSync("ed25519"), crypto.generateKeyPairSync("ed25519")];
const issuer = buildIssuerDocument(ORIGIN, [
  { id: "key-new", publicKey: keys[1]!.publicKey, active: true, createdAt: new Date("2026-06-01") },
  { id: "key-old", publicKey: keys[0]!.publicKey, active: false, createdAt: new Date("2026-01-01") },
]);

const facts = {
  id: "q0Zb7mJx3kT9vW2yN5pR8sLd",
  holderName: "Zoë Ó Briain",
  moduleId: "spotting-bias",
  moduleTitle: "Spotting bias in the computing classroom",
  versionNumber: 2,
  cpdHours: 1.5,
  completedAt: new Date("2026-02-03T16:20:00Z"),
  issuedAt: new Date("2026-02-04T09:00:00Z"),
  issuer: "Pathways",
  recipient: { identityType: "emailAddress" as const, value: "zoe@school.example", salt: "0f1e2d3c4b5a69788796a5b4c3d2e1f0" },
  statusListIndex: 48213,
};

function issue(keyIndex = 1, keyId = "key-new", extra: Partial<typeof facts> = {}) {
  return signOpenBadgeCredential(
    { ...facts, ...extra },
    ORIGIN,
    { id: keyId, privateKey: keys[keyIndex]!.privateKey },
    new Date("2026-02-04T09:00:00Z"),
  );
}

/** How Pathways signed before December 2026 (ADR 0044): one proof, without the document's @context. */
function issueTheOldWay() {
  const { identifier: _i, ...subject } = buildOpenBadgeCredential(facts, ORIGIN).credentialSubject as JsonObject;
  const old = {
    ...buildOpenBadgeCredential(facts, ORIGIN),
    credentialSubject: subject,
    credentialStatus: { id: `${ORIGIN}/verify/${facts.id}/status.json`, type: "1EdTechRevocationList" },
  };
  const signed = addProof(old, {
    verificationMethod: `${issuer.id}#key-new`,
    created: "2026-02-04T09:00:00Z",
    privateKey: keys[1]!.privateKey,
  });
  const { "@context": _c, ...proof } = signed.proof as JsonObject;
  return { ...signed, proof };
}

const withSubject = (c: JsonObject, patch: JsonObject) => ({
  ...c,
  credentialSubject: { ...(c.credentialSubject as JsonObject), ...patch },
});

describe("the Open Badges 3.0 credential", () => {
  it("has the shape OB 3.0 and VC 2.0 ask for", () => {
    const credential = issue();
    expect(credential).toMatchObject({
      "@context": [VC_CONTEXT, OB3_CONTEXT],
      id: `${ORIGIN}/verify/${facts.id}`,
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      issuer: { id: `${ORIGIN}/.well-known/pathways-issuer.json`, type: ["Profile"], name: "Pathways" },
      validFrom: "2026-02-04T09:00:00Z",
      credentialSubject: {
        type: ["AchievementSubject"],
        name: "Zoë Ó Briain",
        activityEndDate: "2026-02-03T16:20:00Z",
        achievement: {
          id: `${ORIGIN}/courses/spotting-bias#version-2`,
          type: ["Achievement"],
          name: "Spotting bias in the computing classroom",
          description: expect.any(String),
          criteria: { narrative: expect.stringContaining("version 2") },
        },
      },
      credentialStatus: {
        id: `${ORIGIN}/verify/status-lists/1#48213`,
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListIndex: "48213",
        statusListCredential: `${ORIGIN}/verify/status-lists/1`,
      },
      proof: [
        {
          "@context": [VC_CONTEXT, OB3_CONTEXT],
          type: "DataIntegrityProof",
          cryptosuite: "eddsa-jcs-2022",
          proofPurpose: "assertionMethod",
          verificationMethod: `${issuer.id}#key-new`,
          proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
        },
      ],
    });
    // The holder as a salted hash of their address (Open Badges IdentityObject), never the address.
    const subject = credential.credentialSubject as JsonObject;
    expect(subject.identifier).toEqual([
      {
        type: "IdentityObject",
        identityHash: identityHash("zoe@school.example", facts.recipient.salt),
        identityType: "emailAddress",
        hashed: true,
        salt: facts.recipient.salt,
      },
    ]);
    expect(identityHash("zoe@school.example", facts.recipient.salt)).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(JSON.stringify(credential)).not.toContain("zoe@school.example");
    expect(certificateIdFromCredential(credential)).toBe(facts.id);
    expect(describeCredential(credential)).toEqual({
      holderName: "Zoë Ó Briain",
      moduleTitle: facts.moduleTitle,
      completedAt: "2026-02-03T16:20:00Z",
      issuedAt: "2026-02-04T09:00:00Z",
      cpdHours: 1.5,
    });
  });

  it("publishes each key as a Multikey and a JWK, for assertions", () => {
    expect(issuer.assertionMethod).toEqual([`${issuer.id}#key-new`, `${issuer.id}#key-old`]);
    expect(issuer.verificationMethod[0]).toMatchObject({
      type: "Multikey",
      controller: issuer.id,
      publicKeyMultibase: expect.stringMatching(/^z6Mk/),
    });
    expect(issuer.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: "key-new", alg: "EdDSA" });
  });
});

describe("verifyCredential", () => {
  it("accepts a genuine credential, as an object or as the text of the file, with old keys too", () => {
    expect(verifyCredential(issue(), issuer)).toMatchObject({ genuine: true, verificationMethod: `${issuer.id}#key-new` });
    expect(verifyCredential(JSON.stringify(issue(), null, 2), issuer)).toMatchObject({ genuine: true });
    expect(verifyCredential(issue(0, "key-old"), issuer)).toMatchObject({ genuine: true });
    // A verifier can work from the JWK Set alone.
    const jwkOnly = { ...issuer, verificationMethod: [] };
    expect(verifyCredential(issue(), jwkOnly)).toMatchObject({ genuine: true });
  });

  const cases: [string, () => string | JsonObject, string, RegExp][] = [
    ["a changed name", () => withSubject(issue(), { name: "Someone Else" }), "bad-signature", /file was altered/],
    ["a changed completion date", () => withSubject(issue(), { activityEndDate: "2025-02-03T16:20:00Z" }), "bad-signature", /altered/],
    ["a changed issue date", () => ({ ...issue(), validFrom: "2020-01-01T00:00:00Z" }), "bad-signature", /altered/],
    [
      "changed hours in the text of the file",
      () => JSON.stringify(issue()).replace('"creditsEarned":1.5', '"creditsEarned":15'),
      "bad-signature",
      /signature does not match/,
    ],
    [
      "a removed proof",
      () => {
        const { proof: _p, ...rest } = issue();
        return rest;
      },
      "no-proof",
      /no signature/,
    ],
    ["a wrong key under a published key id", () => issue(0, "key-new"), "bad-signature", /signature does not match/],
    ["a copy in the format used before December 2026", () => issueTheOldWay(), "superseded", /format used before December 2026/],
    ["an old-format copy altered after issue", () => withSubject(issueTheOldWay(), { name: "Someone Else" }), "bad-signature", /altered/],
    [
      "a proof whose @context was removed",
      () => {
        const c = issue();
        const { "@context": _c, ...proof } = (c.proof as JsonObject[])[0]!;
        return { ...c, proof: [proof] };
      },
      "bad-signature",
      /altered/,
    ],
    ["a validFrom that is not a date-time", () => ({ ...issue(), validFrom: "yesterday" }), "not-a-credential", /not an Open Badges/],
    ["a key that was never published", () => issue(1, "key-unknown"), "unknown-key", /unknown key/],
    ["truncated JSON", () => JSON.stringify(issue(), null, 2).slice(0, 700), "truncated", /truncated JSON/],
    ["not JSON at all", () => "%PDF-1.7 certificate", "not-json", /not valid JSON/],
    ["JSON that is not a credential", () => '{"hello": "world"}', "not-a-credential", /not an Open Badges credential/],
    ["nothing", () => "   ", "empty", /nothing to check/],
    ["too much", () => " ".repeat(MAX_CREDENTIAL_BYTES + 1), "too-large", /larger than 64 KB/],
    [
      "a different issuer",
      () => ({ ...issue(), issuer: { id: "https://evil.example/issuer", type: ["Profile"] } }),
      "wrong-issuer",
      /different issuer/,
    ],
  ];

  it.each(cases)("rejects %s, and says why", (_name, make, problem, message) => {
    const verdict = verifyCredential(make(), issuer);
    expect(verdict.genuine).toBe(false);
    if (verdict.genuine) return;
    expect(verdict.problem).toBe(problem);
    expect(verdict.message).toMatch(message);
  });

  it("tells truncated JSON from JSON that was never valid", () => {
    expect(looksTruncated('{"a": [1, 2')).toBe(true);
    expect(looksTruncated('{"a": "unfinished')).toBe(true);
    expect(looksTruncated('{"a": "brace } in a string"')).toBe(true);
    expect(looksTruncated('{"a": 1,}')).toBe(false);
    expect(looksTruncated('{"a": "\\"quoted\\" }"}')).toBe(false);
  });
});
