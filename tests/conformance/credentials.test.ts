/**
 * Certificates Pathways issues, checked by implementations Pathways did not write: Digital
 * Bazaar's verifier (signature, proof and VC data model), its Bitstring Status List checker
 * (revocation), strict JSON-LD expansion against the published contexts (every term defined), and
 * LearnCard's Open Badges 3.0 validators. Pathways' own verifier (and so scripts/verify-credential.ts)
 * must agree with the independent one on every case: genuine, altered, superseded.
 *
 * The credentials come from the app's real issuing code on a real SQLite database, and the issuer
 * document and status list from the app's routes.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AchievementCredentialValidator } from "@learncard/types";
import jsonld from "jsonld";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../factories/courses.ts";
import { createEvent, daysFromNow } from "../factories/events.ts";
import { callRoute, type Handler } from "../factories/routes.ts";
import { createUser } from "../factories/users.ts";
import { offlineDocumentLoader, verifyIndependently } from "./independent-verifier.ts";
import { issueCertificate, revokeCertificate, upgradeLegacyCredentials } from "~/modules/certificates/certificates.server.ts";
import { addProof, type JsonObject } from "~/modules/certificates/data-integrity.ts";
import { getSigningKey } from "~/modules/certificates/issuer-keys.server.ts";
import { identityHash } from "~/modules/certificates/open-badge.ts";
import { encodeStatusList } from "~/modules/certificates/status-list.ts";
import { verifyCredential } from "~/modules/certificates/verify-credential.ts";
import { issueAttendanceCertificates } from "~/modules/events/attendance.server.ts";
import { bookPlace } from "~/modules/events/bookings.server.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { runVerifyCredential } from "../../scripts/verify-credential.ts";
import * as issuerRoute from "~/routes/[.]well-known.pathways-issuer[.]json.ts";
import * as statusListRoute from "~/routes/verify.status-lists.$list.ts";

const ORIGIN = "http://localhost"; // what the routes answer for, called as tests/factories/routes.ts calls them

async function issuedCertificate({ email }: { email?: string } = {}) {
  const moduleId = `conf-${crypto.randomBytes(4).toString("hex")}`;
  await publishFixtureModule({
    id: moduleId,
    title: "Pair programming in Key Stage 3",
    activities: [
      { id: "read-1", type: "reading" },
      { id: "read-2", type: "reading" },
    ],
  });
  const user = await createUser({ name: "Siân O'Connor-Ng", verified: true, ...(email ? { email } : {}) });
  await enrol(user.id, moduleId);
  for (const activityId of ["read-1", "read-2"]) {
    await recordProgress({ userId: user.id, moduleId, activityId, clientId: crypto.randomUUID(), write: { intent: "complete" } });
  }
  const { certificate } = await issueCertificate({ userId: user.id, moduleId, origin: ORIGIN });
  const row = await prisma.certificate.findUniqueOrThrow({ where: { id: certificate.id } });
  return { certificate, user, credential: JSON.parse(row.credential) as JsonObject };
}

async function fetchJson(handler: unknown, url: string, params: Record<string, string> = {}) {
  const { status, body } = await callRoute(handler as Handler, url, params);
  expect(status).toBe(200);
  return JSON.parse(body) as JsonObject;
}

const issuerDocument = () => fetchJson(issuerRoute.loader, "/.well-known/pathways-issuer.json");

/** Does Pathways' command-line verifier say GENUINE? */
function scriptSaysGenuine(credential: unknown, issuer: JsonObject): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-"));
  fs.writeFileSync(path.join(dir, "credential.json"), JSON.stringify(credential));
  fs.writeFileSync(path.join(dir, "issuer.json"), JSON.stringify(issuer));
  try {
    return runVerifyCredential([path.join(dir, "credential.json"), path.join(dir, "issuer.json")], () => {}) === 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every verdict on one credential: the independent verifier's, Pathways' own, and the script's. */
async function verdicts(credential: unknown, issuer: JsonObject) {
  const independent = await verifyIndependently(credential, issuer);
  const ours = verifyCredential(structuredClone(credential) as JsonObject, issuer);
  return {
    independent: independent.verified,
    ours: ours.genuine,
    script: scriptSaysGenuine(credential, issuer),
    errors: independent.errors,
  };
}

const subjectOf = (c: JsonObject) => c.credentialSubject as JsonObject;
const proofsOf = (c: JsonObject) => c.proof as JsonObject[];

/** One-character and structural tampers of a genuine credential. */
const tampers: [string, (c: JsonObject) => JsonObject][] = [
  ["the holder's name, one letter", (c) => ({ ...c, credentialSubject: { ...subjectOf(c), name: "Siân O'Connor-Nh" } })],
  ["the CPD hours", (c) => ({ ...c, credentialSubject: { ...subjectOf(c), creditsEarned: 10 } })],
  [
    "the completion date, one digit",
    (c) => ({
      ...c,
      credentialSubject: {
        ...subjectOf(c),
        activityEndDate: String(subjectOf(c).activityEndDate).replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10)),
      },
    }),
  ],
  ["the issue date", (c) => ({ ...c, validFrom: "2020-01-01T00:00:00Z" })],
  [
    "the module's name",
    (c) => ({
      ...c,
      credentialSubject: { ...subjectOf(c), achievement: { ...(subjectOf(c).achievement as JsonObject), name: "Something else" } },
    }),
  ],
  [
    "the identity hash",
    (c) => ({
      ...c,
      credentialSubject: {
        ...subjectOf(c),
        identifier: [{ ...(subjectOf(c).identifier as JsonObject[])[0]!, identityHash: `sha256$${"0".repeat(64)}` }],
      },
    }),
  ],
  ["the status list position", (c) => ({ ...c, credentialStatus: { ...(c.credentialStatus as JsonObject), statusListIndex: "1" } })],
  [
    "the signature, one character",
    (c) => {
      const proof = proofsOf(c)[0]!;
      const value = String(proof.proofValue);
      const swapped = value.slice(0, 20) + (value[20] === "a" ? "b" : "a") + value.slice(21);
      return { ...c, proof: [{ ...proof, proofValue: swapped }] };
    },
  ],
  ["the proof's created date", (c) => ({ ...c, proof: [{ ...proofsOf(c)[0]!, created: "2030-01-01T00:00:00Z" }] })],
  [
    "the proof's @context removed",
    (c) => {
      const { "@context": _context, ...proof } = proofsOf(c)[0]!;
      return { ...c, proof: [proof] };
    },
  ],
  [
    "the proof removed",
    (c) => {
      const { proof: _proof, ...rest } = c;
      return rest;
    },
  ],
  [
    "a verification method that was never published",
    (c) => ({ ...c, proof: [{ ...proofsOf(c)[0]!, verificationMethod: `${(c.issuer as JsonObject).id}#key-forged` }] }),
  ],
  ["an added claim", (c) => ({ ...c, credentialSubject: { ...subjectOf(c), result: [{ type: ["Result"], value: "Distinction" }] } })],
];

describe("certificates, checked by Digital Bazaar's verifier (eddsa-jcs-2022)", () => {
  it("accepts a credential Pathways issued, and so do Pathways' own verifier and script", async () => {
    const { credential } = await issuedCertificate();
    const issuer = await issuerDocument();
    expect(await verdicts(credential, issuer)).toEqual({ independent: true, ours: true, script: true, errors: [] });
  });

  it.each(tampers)("rejects a copy with %s, as do Pathways' verifier and script", async (_name, tamper) => {
    const { credential } = await issuedCertificate();
    const issuer = await issuerDocument();
    const verdict = await verdicts(tamper(structuredClone(credential)), issuer);
    expect(verdict).toMatchObject({ independent: false, ours: false, script: false });
  });

  it("rejects a credential signed by a key another issuer document publishes", async () => {
    const { credential } = await issuedCertificate();
    const issuer = await issuerDocument();
    const impostor = crypto.generateKeyPairSync("ed25519");
    const { proof: _proof, ...unsigned } = credential;
    const forged = {
      ...addProof(unsigned, {
        verificationMethod: String(proofsOf(credential)[0]!.verificationMethod),
        created: "2026-12-01T00:00:00Z",
        privateKey: impostor.privateKey,
      }),
    };
    forged.proof = [forged.proof!];
    expect(await verdicts(forged, issuer)).toMatchObject({ independent: false, ours: false, script: false });
  });

  it("a credential in the format used before December 2026 fails independent checks, so Pathways does not call it genuine; start-up re-signs it and it passes", async () => {
    const { certificate, credential, user } = await issuedCertificate({
      email: `legacy-${crypto.randomBytes(3).toString("hex")}@school.example`,
    });
    const issuer = await issuerDocument();
    // Rebuild it as the code before ADR 0044 signed it: one proof without @context, no identifier,
    // a 1EdTechRevocationList status entry.
    const { proof: _proof, credentialStatus: _status, ...current } = credential;
    const { identifier: _identifier, ...subject } = subjectOf(current);
    const oldUnsigned = {
      ...current,
      credentialSubject: subject,
      credentialStatus: { id: `${ORIGIN}/verify/${certificate.id}/status.json`, type: "1EdTechRevocationList" },
    };
    const key = await getSigningKey();
    const signed = addProof(oldUnsigned, {
      verificationMethod: `${String(issuer.id)}#${key.id}`,
      created: "2026-11-01T00:00:00Z",
      privateKey: key.privateKey,
    });
    const { "@context": _context, ...oldProof } = signed.proof as JsonObject;
    const old = { ...signed, proof: oldProof };

    const before = await verdicts(old, issuer);
    expect(before).toMatchObject({ independent: false, ours: false, script: false });
    expect(verifyCredential(old, issuer)).toMatchObject({ genuine: false, problem: "superseded" });
    await expect(jsonld.expand(structuredClone(old), { documentLoader: offlineDocumentLoader(issuer), safe: true })).rejects.toThrow();

    // Stored that way, as a database from before December 2026 would hold it:
    await prisma.certificate.update({ where: { id: certificate.id }, data: { credential: JSON.stringify(old), statusListIndex: null } });
    expect(await upgradeLegacyCredentials()).toBeGreaterThanOrEqual(1);
    const row = await prisma.certificate.findUniqueOrThrow({ where: { id: certificate.id } });
    const upgraded = JSON.parse(row.credential) as JsonObject;
    expect(await verdicts(upgraded, await issuerDocument())).toEqual({ independent: true, ours: true, script: true, errors: [] });
    // Same certificate, same facts and dates; the holder now named by a salted hash of their address.
    expect(upgraded).toMatchObject({ id: credential.id, validFrom: credential.validFrom, name: credential.name });
    expect(subjectOf(upgraded)).toMatchObject({
      name: subject.name,
      activityEndDate: subject.activityEndDate,
      creditsEarned: subject.creditsEarned,
    });
    const identity = (subjectOf(upgraded).identifier as JsonObject[])[0]!;
    expect(identity.identityHash).toBe(identityHash(user.email, String(identity.salt)));
    expect(await upgradeLegacyCredentials()).toBe(0); // idempotent
  });
});

describe("revocation, checked by Digital Bazaar's Bitstring Status List checker", () => {
  it("reads not revoked, then revoked after an admin revokes it; the list is signed and names no one", async () => {
    const { certificate, credential } = await issuedCertificate();
    const issuer = await issuerDocument();
    const listUrl = String((credential.credentialStatus as JsonObject).statusListCredential);
    expect(listUrl).toBe(`${ORIGIN}/verify/status-lists/1`);
    const list = () => fetchJson(statusListRoute.loader, "/verify/status-lists/1", { list: "1" });

    const before = await verifyIndependently(credential, issuer, { documents: { [listUrl]: await list() }, checkRevocation: true });
    expect(before).toMatchObject({ verified: true, statusVerified: true, revoked: false });

    const admin = await createUser({ name: "Programme admin", verified: true });
    await revokeCertificate({
      id: certificate.id,
      reason: "Issued in error: the module was completed by someone else.",
      adminId: admin.id,
    });
    const revokedList = await list();
    const after = await verifyIndependently(credential, issuer, { documents: { [listUrl]: revokedList }, checkRevocation: true });
    expect(after).toMatchObject({ statusVerified: true, revoked: true });
    expect(JSON.stringify(revokedList)).not.toContain(certificate.id);

    // A list whose bits were replaced after signing ("nobody is revoked") is refused, not believed.
    const subject = revokedList.credentialSubject as JsonObject;
    const forgedList = { ...revokedList, credentialSubject: { ...subject, encodedList: encodeStatusList([]) } };
    const forged = await verifyIndependently(credential, issuer, { documents: { [listUrl]: forgedList }, checkRevocation: true });
    expect(forged.verified).toBe(false);
  });

  it("answers 404, not 500, for a list that does not exist", async () => {
    const { status } = await callRoute(statusListRoute.loader as Handler, "/verify/status-lists/2", { list: "2" });
    expect(status).toBe(404);
  });
});

describe("the Open Badges 3.0 data model", () => {
  it("expands under strict JSON-LD rules: every term is defined by the published contexts", async () => {
    const { credential } = await issuedCertificate();
    const issuer = await issuerDocument();
    const expanded = await jsonld.expand(structuredClone(credential), { documentLoader: offlineDocumentLoader(issuer), safe: true });
    expect(JSON.stringify(expanded)).toContain("https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementSubject");
    expect(JSON.stringify(expanded)).toContain("https://www.w3.org/ns/credentials/status#BitstringStatusListEntry");
    // The issuer document too, as a verifier that frames it would expand it.
    await expect(jsonld.expand(structuredClone(issuer), { documentLoader: offlineDocumentLoader(issuer) })).resolves.toBeTruthy();
  });

  it("passes LearnCard's Open Badges 3.0 AchievementCredential validator", async () => {
    const { credential } = await issuedCertificate();
    const result = AchievementCredentialValidator.safeParse(credential);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it("meets the specification's rules a schema check looks for: subject identified, proof as a set, required fields", async () => {
    const { credential, user } = await issuedCertificate();
    const subject = subjectOf(credential);
    // "Either id or at least one identifier MUST be supplied" (AchievementSubject).
    expect(subject.id ?? (subject.identifier as unknown[])?.length).toBeTruthy();
    expect(subject.identifier).toEqual([
      expect.objectContaining({
        type: "IdentityObject",
        hashed: true,
        identityType: "emailAddress",
        identityHash: expect.stringMatching(/^sha256\$[0-9a-f]{64}$/),
      }),
    ]);
    expect(Array.isArray(credential.proof)).toBe(true);
    for (const field of ["@context", "id", "type", "issuer", "validFrom", "credentialSubject", "name"])
      expect(credential).toHaveProperty([field]);
    for (const field of ["id", "type", "name", "description", "criteria"]) expect(subject.achievement).toHaveProperty([field]);
    expect(JSON.stringify(credential).toLowerCase()).not.toContain(user.email.toLowerCase()); // no address in the credential
  });
});

describe("/.well-known/pathways-issuer.json", () => {
  it("names every key a credential may cite, and nothing a verifier cannot resolve offline", async () => {
    const issuer = await issuerDocument();
    const loader = offlineDocumentLoader(issuer);
    for (const context of issuer["@context"] as string[]) await expect(loader(context)).resolves.toBeTruthy();
  });
});

describe("a certificate of attendance for a live event (docs/decisions/0057)", () => {
  it("is verified by the independent verifier, expands under strict JSON-LD and passes LearnCard's validator", async () => {
    const eventId = await createEvent({
      title: "Physical computing in KS2: three twilight sessions",
      cpdHours: 6,
      sessions: [
        { id: "one", date: daysFromNow(-20), start: "16:00", end: "18:00" },
        { id: "two", date: daysFromNow(-13), start: "16:00", end: "18:00" },
        { id: "three", date: daysFromNow(-6), start: "16:00", end: "18:00" },
      ],
    });
    const user = await createUser({ name: "Siân O'Connor-Ng", verified: true });
    await bookPlace({ userId: user.id, eventId, form: {}, origin: ORIGIN, now: new Date(Date.now() - 30 * 86_400_000) });
    const booking = await prisma.eventBooking.findFirstOrThrow({ where: { eventId, userId: user.id } });
    for (const sessionKey of ["one", "three"]) {
      await prisma.eventAttendance.create({ data: { bookingId: booking.id, sessionKey, status: "present", method: "register" } });
    }
    await prisma.event.update({ where: { id: eventId }, data: { attendanceThreshold: 60 } });
    expect(await issueAttendanceCertificates(eventId)).toBe(1);
    const row = await prisma.certificate.findFirstOrThrow({ where: { userId: user.id, moduleId: `event:${eventId}` } });
    const credential = JSON.parse(row.credential) as JsonObject;
    expect(credential.name).toBe("Physical computing in KS2: three twilight sessions: certificate of attendance");
    expect(subjectOf(credential)).toMatchObject({ creditsEarned: 4, achievement: { id: `${ORIGIN}/events/${eventId}` } });

    const issuer = await issuerDocument();
    expect(await verdicts(credential, issuer)).toEqual({ independent: true, ours: true, script: true, errors: [] });
    await expect(
      jsonld.expand(structuredClone(credential), { documentLoader: offlineDocumentLoader(issuer), safe: true }),
    ).resolves.toBeTruthy();
    const result = AchievementCredentialValidator.safeParse(credential);
    expect(result.success ? [] : result.error.issues).toEqual([]);
    // Issuing again (the hourly job) gives the same one certificate.
    expect(await issueAttendanceCertificates(eventId)).toBe(0);
  });
});
