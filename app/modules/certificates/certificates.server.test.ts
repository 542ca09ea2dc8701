import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../../../tests/factories/courses.ts";
import { createUser } from "../../../tests/factories/users.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import {
  checkCredentialForCertificate,
  getCertificateForViewer,
  getCertificateStatusDocument,
  getPublicCertificate,
  isCertificateId,
  isUniqueViolation,
  issueCertificate,
  listCertificatesForUser,
  reissueCertificates,
  revokeCertificate,
  searchCertificates,
  takeVerificationAllowance,
  VERIFY_RATE_LIMIT,
} from "./certificates.server.ts";
import { getIssuerDocument, rotateIssuerKey } from "./issuer-keys.server.ts";
import { verifyCredential } from "./verify-credential.ts";

const ORIGIN = "https://pathways.example.org";
const moduleId = () => `cert-${crypto.randomBytes(4).toString("hex")}`;

async function completeAll(userId: string, id: string, activityIds: string[]) {
  for (const activityId of activityIds) {
    await recordProgress({ userId, moduleId: id, activityId, clientId: crypto.randomUUID(), write: { intent: "complete" } });
  }
}

/** A learner who has completed a two-reading module (or only part of it). */
async function setup({ complete = true, name = "Ada Lovelace", verified = true } = {}) {
  const id = moduleId();
  const { root } = await publishFixtureModule({
    id,
    title: "Checking certificates",
    activities: [
      { id: "read-1", type: "reading" },
      { id: "read-2", type: "reading" },
    ],
  });
  const user = await createUser({ name, verified });
  await enrol(user.id, id);
  await completeAll(user.id, id, complete ? ["read-1", "read-2"] : ["read-1"]);
  return { id, root, user };
}

const rowOf = (id: string) => prisma.certificate.findUniqueOrThrow({ where: { id } });

describe("issueCertificate", () => {
  it("issues a certificate recording what was completed, with a signed credential", async () => {
    const { id, user } = await setup();
    const now = new Date("2026-03-04T10:00:00Z");
    const { certificate, created } = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN, now });
    expect(created).toBe(true);
    expect(isCertificateId(certificate.id)).toBe(true);
    expect(Buffer.from(certificate.id, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(certificate).toMatchObject({
      holderName: "Ada Lovelace",
      moduleId: id,
      moduleTitle: "Checking certificates",
      versionNumber: 1,
      cpdHours: 1,
      issuer: "Pathways",
      status: "valid",
      issuedAt: now,
    });
    const progress = await prisma.activityProgress.findMany({ where: { userId: user.id, moduleId: id } });
    expect(certificate.completedAt).toEqual(new Date(Math.max(...progress.map((p) => p.completedAt!.getTime()))));

    const credential = JSON.parse((await rowOf(certificate.id)).credential);
    expect(credential.id).toBe(`${ORIGIN}/verify/${certificate.id}`);
    expect(credential.credentialSubject.name).toBe("Ada Lovelace");
    expect(verifyCredential(credential, await getIssuerDocument(ORIGIN))).toMatchObject({ genuine: true });
  });

  it("recomputes eligibility in the same transaction that writes the certificate", async () => {
    const { id, user } = await setup();
    await issueCertificate({ userId: user.id, moduleId: moduleId(), origin: ORIGIN }).catch(() => null); // the key exists now
    const queries: string[] = [];
    prisma.$on("query", (e) => queries.push(e.query));
    await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    // SQLite quotes `main`.`Table`; PostgreSQL "public"."Table".
    const progressRead = queries.findIndex((q) => /FROM [`"](main|public)[`"]\.[`"]ActivityProgress[`"]/.test(q));
    const insert = queries.findIndex((q) => /^INSERT INTO [`"](main|public)[`"]\.[`"]Certificate[`"]/.test(q));
    const commit = queries.indexOf("COMMIT", insert);
    expect(progressRead).toBeGreaterThanOrEqual(0);
    expect(insert).toBeGreaterThan(progressRead);
    expect(commit).toBeGreaterThan(insert);
    expect(queries.slice(progressRead, insert)).not.toContain("COMMIT");
  });

  it("refuses a certificate that has not been earned, whatever the enrolment row says", async () => {
    const { id, user } = await setup({ complete: false });
    // Even a completion flag set by hand is not trusted: only the stored activity progress counts.
    await prisma.enrolment.update({ where: { userId_moduleId: { userId: user.id, moduleId: id } }, data: { completedAt: new Date() } });
    const attempt = issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ status: 403, message: expect.stringContaining("1 required activity is still to do") });
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(0);

    const stranger = await createUser();
    await expect(issueCertificate({ userId: stranger.id, moduleId: id, origin: ORIGIN })).rejects.toMatchObject({
      message: expect.stringContaining("Enrol in this module"),
    });
    await expect(issueCertificate({ userId: user.id, moduleId: "no-such-module", origin: ORIGIN })).rejects.toBeInstanceOf(AppError);
  });

  it("refuses an account whose email address is not confirmed, with its own code, until it is", async () => {
    const { id, user } = await setup({ verified: false });
    const attempt = issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({
      code: "email-unverified",
      status: 403,
      message: "Confirm your email address to receive your certificate.",
    });
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(0);

    await prisma.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    const { created } = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    expect(created).toBe(true);
  });

  it("says the module is not finished before it says the address is unconfirmed", async () => {
    const { id, user } = await setup({ verified: false, complete: false });
    await expect(issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("issuing twice, even at once, gives the same certificate", async () => {
    const { id, user } = await setup();
    const [a, b] = await Promise.all([
      issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN }),
      issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN }),
    ]);
    const c = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    expect(new Set([a.certificate.id, b.certificate.id, c.certificate.id]).size).toBe(1);
    expect([a.created, b.created, c.created].filter(Boolean)).toHaveLength(1);
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(1);
  });

  it("recognises the unique violation the SQLite adapter reports for (userId, moduleId)", async () => {
    const { id, user } = await setup();
    const { certificate } = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    const row = await rowOf(certificate.id);
    const duplicate = await prisma.certificate
      .create({ data: { ...row, id: "another-certificate-id", statusListIndex: null } })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(duplicate, ["userId", "moduleId"])).toBe(true);
    expect(isUniqueViolation(duplicate, ["id"])).toBe(false);
    expect(isUniqueViolation(new Error("nope"), ["userId", "moduleId"])).toBe(false);
  });

  it("is unchanged when the module is republished or deleted and the holder renamed", async () => {
    const { id, root, user } = await setup();
    const { certificate } = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    const before = await rowOf(certificate.id);

    await publishFixtureModule({
      id,
      root,
      title: "Checking certificates, revised",
      activities: [
        { id: "read-1", type: "reading" },
        { id: "read-2", type: "reading" },
        { id: "read-3", type: "reading" },
      ],
    });
    expect(await prisma.moduleVersion.count({ where: { moduleId: id } })).toBe(2);
    await prisma.user.update({ where: { id: user.id }, data: { name: "Ada King" } });
    expect(await rowOf(certificate.id)).toEqual(before);
    // Asking again gives the certificate already issued, not one for the new version.
    expect((await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN })).certificate).toMatchObject({
      id: certificate.id,
      versionNumber: 1,
      holderName: "Ada Lovelace",
    });

    // Deleting the module (and everything that refers to it) leaves the certificate alone.
    await prisma.enrolment.deleteMany({ where: { moduleId: id } });
    await prisma.module.update({ where: { id }, data: { currentVersionId: null } });
    await prisma.moduleVersion.deleteMany({ where: { moduleId: id } });
    await prisma.module.delete({ where: { id } });
    expect(await rowOf(certificate.id)).toEqual(before);
    expect(await getPublicCertificate(certificate.id)).toMatchObject({ moduleTitle: "Checking certificates", status: "valid" });
  });

  it("stays verifiable when the holder's account is deleted (userId becomes null)", async () => {
    const { id, user } = await setup();
    const { certificate } = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    const before = await rowOf(certificate.id);
    await prisma.user.delete({ where: { id: user.id } });
    const after = await rowOf(certificate.id);
    expect(after).toEqual({ ...before, userId: null });
    expect(await getPublicCertificate(certificate.id)).toMatchObject({ holderName: "Ada Lovelace", status: "valid" });
    const report = await checkCredentialForCertificate({ certificateId: certificate.id, text: after.credential, origin: ORIGIN });
    expect([report.genuine.ok, report.matches.ok, report.current.ok]).toEqual([true, true, true]);
  });

  it("keeps old credentials verifying after the signing key is rotated", async () => {
    const first = await setup();
    const a = await issueCertificate({ userId: first.user.id, moduleId: first.id, origin: ORIGIN });
    const { id: newKey } = await rotateIssuerKey();
    const second = await setup();
    const b = await issueCertificate({ userId: second.user.id, moduleId: second.id, origin: ORIGIN });
    const doc = await getIssuerDocument(ORIGIN);
    const credB = JSON.parse((await rowOf(b.certificate.id)).credential);
    expect(credB.proof[0].verificationMethod).toBe(`${doc.id}#${newKey}`);
    for (const cert of [a.certificate, b.certificate]) {
      expect(verifyCredential((await rowOf(cert.id)).credential, doc)).toMatchObject({ genuine: true });
    }
    expect(doc.verificationMethod.length).toBeGreaterThanOrEqual(2);
  });
});

describe("reissueCertificates", () => {
  it("issues a new, signed certificate under the new name; the old one stays verifiable and says what replaced it", async () => {
    const { id, user } = await setup({ name: "Ada Byron" });
    const { certificate: old } = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    await prisma.user.update({ where: { id: user.id }, data: { name: "Ada Lovelace" } });
    const now = new Date("2026-05-06T09:00:00Z");
    const [pair, ...rest] = await reissueCertificates({ userId: user.id, origin: ORIGIN, now });
    expect(rest).toEqual([]);
    expect(pair!.from).toBe(old.id);
    expect(pair!.to).not.toBe(old.id);
    expect(isCertificateId(pair!.to)).toBe(true);

    const replaced = await getPublicCertificate(old.id);
    expect(replaced).toMatchObject({ holderName: "Ada Byron", status: "valid", replacedById: pair!.to, replacedAt: now });
    const fresh = await getPublicCertificate(pair!.to);
    expect(fresh).toMatchObject({
      holderName: "Ada Lovelace",
      moduleId: id,
      completedAt: old.completedAt,
      issuedAt: now,
      replacedById: null,
    });
    const credential = JSON.parse((await rowOf(pair!.to)).credential);
    expect(credential.credentialSubject.name).toBe("Ada Lovelace");
    expect(verifyCredential(credential, await getIssuerDocument(ORIGIN))).toMatchObject({ genuine: true });
    // The old credential still verifies too.
    expect(verifyCredential(JSON.parse((await rowOf(old.id)).credential), await getIssuerDocument(ORIGIN))).toMatchObject({
      genuine: true,
    });

    // The holder's list and "Get your certificate" see the new one; issuing again returns it.
    expect((await listCertificatesForUser(user.id)).map((c) => c.id)).toEqual([pair!.to]);
    expect((await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN })).certificate.id).toBe(pair!.to);
    // Nothing left to reissue.
    expect(await reissueCertificates({ userId: user.id, origin: ORIGIN })).toEqual([]);
  });
});

describe("who sees what", () => {
  it("the holder and admins see a certificate; anyone else gets null, as for an unknown id", async () => {
    const { id, user } = await setup();
    const other = await createUser();
    const admin = await createUser({ roles: ["admin"] });
    const { certificate } = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    expect(await getCertificateForViewer({ id: certificate.id, viewer: { id: user.id, isAdmin: false } })).toMatchObject({
      id: certificate.id,
    });
    expect(await getCertificateForViewer({ id: certificate.id, viewer: { id: admin.id, isAdmin: true } })).toMatchObject({
      id: certificate.id,
    });
    expect(await getCertificateForViewer({ id: certificate.id, viewer: { id: other.id, isAdmin: false } })).toBeNull();
    expect(await getCertificateForViewer({ id: "AAAAAAAAAAAAAAAAAAAAAAAA", viewer: { id: other.id, isAdmin: false } })).toBeNull();
    expect(await listCertificatesForUser(user.id)).toHaveLength(1);
    expect(await listCertificatesForUser(other.id)).toHaveLength(0);
  });

  it("the public view has only what a verifier needs, and malformed ids are never looked up", async () => {
    const { id, user } = await setup();
    const { certificate } = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    const view = await getPublicCertificate(certificate.id);
    expect(Object.keys(view!).sort()).toEqual(
      [
        "id",
        "holderName",
        "moduleId",
        "moduleTitle",
        "versionNumber",
        "cpdHours",
        "completedAt",
        "issuedAt",
        "issuer",
        "status",
        "revokedAt",
        "revokedReason",
        "replacedById", // a certificate reissued under a new name says by which (ADR 0031)
        "replacedAt",
      ].sort(),
    );
    expect(JSON.stringify(view)).not.toContain(user.email);
    for (const bad of ["", "x", "../../etc/passwd", "a".repeat(65), "with space in it!!!!!!!!"]) {
      expect(await getPublicCertificate(bad)).toBeNull();
    }
  });
});

describe("revokeCertificate", () => {
  it("revokes with a reason; the public view, the status document and a credential check all say so", async () => {
    const { id, user } = await setup();
    const admin = await createUser({ roles: ["admin"] });
    const { certificate } = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    const credential = (await rowOf(certificate.id)).credential;
    const when = new Date("2026-05-06T09:00:00Z");
    await revokeCertificate({ id: certificate.id, reason: "  Issued in error  ", adminId: admin.id, now: when });

    expect(await getPublicCertificate(certificate.id)).toMatchObject({
      status: "revoked",
      revokedAt: when,
      revokedReason: "Issued in error",
    });
    expect((await rowOf(certificate.id)).revokedById).toBe(admin.id);
    expect((await rowOf(certificate.id)).credential).toBe(credential); // the credential itself is never changed
    const status = await getCertificateStatusDocument(certificate.id, ORIGIN);
    expect(status).toMatchObject({
      status: "revoked",
      revokedCredentials: [{ id: `${ORIGIN}/verify/${certificate.id}`, revoked: true, revocationReason: "Issued in error" }],
    });
    const report = await checkCredentialForCertificate({ certificateId: certificate.id, text: credential, origin: ORIGIN });
    expect(report.genuine.ok).toBe(true);
    expect(report.matches.ok).toBe(true);
    expect(report.current).toEqual({ ok: false, message: "Revoked on 6 May 2026: Issued in error" });
  });

  it("needs a reason, a real certificate, and refuses to revoke twice", async () => {
    const { id, user } = await setup();
    const admin = await createUser({ roles: ["admin"] });
    const { certificate } = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    await expect(revokeCertificate({ id: certificate.id, reason: " ", adminId: admin.id })).rejects.toMatchObject({ status: 400 });
    await expect(revokeCertificate({ id: "AAAAAAAAAAAAAAAAAAAAAAAA", reason: "Wrong", adminId: admin.id })).rejects.toMatchObject({
      status: 404,
    });
    await revokeCertificate({ id: certificate.id, reason: "Wrong person", adminId: admin.id });
    await expect(revokeCertificate({ id: certificate.id, reason: "Again", adminId: admin.id })).rejects.toMatchObject({ status: 409 });
    expect(await getPublicCertificate(certificate.id)).toMatchObject({ revokedReason: "Wrong person" });
  });

  it("admins find certificates by id, holder name or email", async () => {
    const { id, user } = await setup({ name: "Grace Brewster Hopper" });
    const { certificate } = await issueCertificate({ userId: user.id, moduleId: id, origin: ORIGIN });
    for (const query of [certificate.id, "Brewster", user.email.slice(0, 12)]) {
      const { rows } = await searchCertificates({ query });
      expect(rows.map((r) => r.id)).toContain(certificate.id);
    }
    expect((await searchCertificates({ query: "Nobody Of That Name" })).rows).toEqual([]);
  });
});

describe("checkCredentialForCertificate", () => {
  it("says why a credential is not genuine, or not this certificate's", async () => {
    const first = await setup();
    const second = await setup({ name: "Mary Somerville" });
    const a = await issueCertificate({ userId: first.user.id, moduleId: first.id, origin: ORIGIN });
    const b = await issueCertificate({ userId: second.user.id, moduleId: second.id, origin: ORIGIN });
    const credA = (await rowOf(a.certificate.id)).credential;

    const altered = credA.replace("Ada Lovelace", "Ada Lovelace-Byron");
    const tampered = await checkCredentialForCertificate({ certificateId: a.certificate.id, text: altered, origin: ORIGIN });
    expect(tampered.genuine).toEqual({ ok: false, message: "The signature does not match: the file was altered after it was issued." });
    expect(tampered.matches.ok).toBe(false);

    const elsewhere = await checkCredentialForCertificate({ certificateId: b.certificate.id, text: credA, origin: ORIGIN });
    expect(elsewhere.genuine.ok).toBe(true);
    expect(elsewhere.matches).toEqual({ ok: false, message: "It is a genuine Pathways credential, but for a different certificate." });
    expect(elsewhere.otherCertificateId).toBe(a.certificate.id);

    const truncated = await checkCredentialForCertificate({ certificateId: a.certificate.id, text: credA.slice(0, 300), origin: ORIGIN });
    expect(truncated.genuine.message).toMatch(/truncated JSON/);
    // Served from another origin, the credential names a different issuer.
    const otherSite = await checkCredentialForCertificate({
      certificateId: a.certificate.id,
      text: credA,
      origin: "https://other.example",
    });
    expect(otherSite.genuine.message).toMatch(/different issuer/);
  });
});

describe("takeVerificationAllowance", () => {
  it("limits lookups per client address in a fixed window", async () => {
    const ip = `203.0.113.${crypto.randomInt(1, 250)}`;
    const t = 5_000_000;
    for (let i = 0; i < VERIFY_RATE_LIMIT; i++) expect((await takeVerificationAllowance(ip, t)).allowed).toBe(true);
    expect(await takeVerificationAllowance(ip, t + 1)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect((await takeVerificationAllowance("198.51.100.7", t + 1)).allowed).toBe(true);
    expect((await takeVerificationAllowance(ip, t + 60_000)).allowed).toBe(true);
  });

  it("never lets parallel lookups overspend the window (the count is atomic, in the database)", async () => {
    const ip = "198.51.100.99";
    const results = await Promise.all(Array.from({ length: VERIFY_RATE_LIMIT + 40 }, () => takeVerificationAllowance(ip, 9_000_000)));
    expect(results.filter((r) => r.allowed)).toHaveLength(VERIFY_RATE_LIMIT);
  });
});
