/**
 * Certificates: issuing (eligibility recomputed from the stored progress in the same transaction
 * that writes the certificate), the owner's and the public views, revocation, and checking an
 * uploaded credential against the server. An issued certificate copies what it certifies and has
 * no foreign key to the module, so nothing done to modules or accounts later can change it.
 */
import { Prisma } from "~/generated/prisma/client.ts";
import { containsText, prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { CertificateStatus, EMAIL_UNVERIFIED_MESSAGE, REVOKE_REASON_MAX } from "./constants.ts";
import crypto from "node:crypto";
import { createProof, jcs, type JsonObject } from "./data-integrity.ts";
import { COMPLETION_HELD_MESSAGE, CompletionCheckStatus, completionRejectedMessage } from "./completion-checks.ts";
import { decideEligibility, decidePace } from "./eligibility.ts";
import { getIssuerDocument, getSigningKey } from "./issuer-keys.server.ts";
import {
  certificateIdFromCredential,
  certificateUrls,
  isoSeconds,
  ISSUER_NAME,
  issuerIdFor,
  recipientFor,
  signOpenBadgeCredential,
  STATUS_LIST_LENGTH,
  STATUS_LIST_NUMBER,
  statusListUrlFor,
  verifyUrlFromStoredCredential,
} from "./open-badge.ts";
import { buildStatusListCredential } from "./status-list.ts";
import type { RateDecision } from "./rate-limit.ts";
import { pruneRateLimits, takeRateLimit } from "./rate-limit.server.ts";
import { describeCredential, verifyCredential } from "./verify-credential.ts";
import { formatDate } from "~/utils/dates.ts";
import { newCertificateId, normaliseCertificateReference } from "./certificate-id.ts";
import { eventCertificateKey } from "./certificate-subject.ts";

export { isCertificateId, newCertificateId } from "./certificate-id.ts";

/**
 * True for a unique-constraint violation (P2002) on exactly these fields, through either driver
 * adapter or none: the SQLite adapter names the fields bare, the PostgreSQL adapter quoted ("userId").
 */
export function isUniqueViolation(error: unknown, fields: string[]): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  const meta = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } | undefined;
  const raw = meta?.driverAdapterError?.cause?.constraint?.fields ?? meta?.target;
  if (!Array.isArray(raw)) return false;
  const found = raw.map((f) => String(f).replace(/^"(.*)"$/, "$1"));
  return found.length === fields.length && fields.every((f) => found.includes(f));
}

/** What a certificate certifies (copied at issue time): the facts its credential states. */
const factsSelect = {
  id: true,
  holderName: true,
  moduleId: true,
  moduleTitle: true,
  versionNumber: true,
  cpdHours: true,
  completedAt: true,
  issuedAt: true,
  issuer: true,
} satisfies Prisma.CertificateSelect;

const publicSelect = {
  ...factsSelect,
  status: true,
  revokedAt: true,
  revokedReason: true,
  replacedById: true,
  replacedAt: true,
} satisfies Prisma.CertificateSelect;

export type PublicCertificate = Prisma.CertificateGetPayload<{ select: typeof publicSelect }>;

type Tx = Prisma.TransactionClient;

/**
 * A free position in the revocation list, chosen at random so that neighbouring positions say
 * nothing about when or to whom certificates were issued. Call inside the transaction that writes
 * the certificate (the unique index is the last word).
 */
async function allocateStatusListIndex(tx: Tx): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const index = crypto.randomInt(STATUS_LIST_LENGTH);
    const taken = await tx.certificate.findUnique({ where: { statusListIndex: index }, select: { id: true } });
    if (!taken) return index;
  }
  throw new Error("The revocation list is too full to place another certificate: add a second list.");
}

export type IssueResult = { certificate: PublicCertificate; created: boolean };

/**
 * Writes a new certificate in `tx`: its facts, a place in the status list and the signed credential.
 * The one way a certificate comes to exist (a module's, an event's).
 */
async function writeCertificate(
  tx: Tx,
  {
    userId,
    user,
    subject,
    completedAt,
    origin,
    key,
    now,
  }: {
    userId: string;
    user: { name: string; email: string };
    subject: { moduleId: string; moduleTitle: string; versionNumber: number; cpdHours: number };
    completedAt: Date;
    origin: string;
    key: Awaited<ReturnType<typeof getSigningKey>>;
    now: Date;
  },
): Promise<PublicCertificate> {
  const facts = { id: newCertificateId(), holderName: user.name, ...subject, completedAt, issuedAt: now, issuer: ISSUER_NAME };
  const statusListIndex = await allocateStatusListIndex(tx);
  const credential = JSON.stringify(
    signOpenBadgeCredential({ ...facts, recipient: recipientFor(user.email, user.name), statusListIndex }, origin, key, now),
  );
  return tx.certificate.create({
    data: { ...facts, userId, status: CertificateStatus.valid, statusListIndex, credential },
    select: publicSelect,
  });
}

/**
 * Issues the certificate for a module the learner has completed, or returns the one already issued
 * (issuing twice gives the same certificate). Throws AppError when it has not been earned.
 * `origin` is the public origin the credential's URLs point at.
 */
export async function issueCertificate({
  userId,
  moduleId,
  origin,
  now = new Date(),
}: {
  userId: string;
  moduleId: string;
  origin: string;
  now?: Date;
}): Promise<IssueResult> {
  const key = await getSigningKey(); // outside the transaction: created once, on first use
  const existing = () => prisma.certificate.findUnique({ where: { userId_moduleId: { userId, moduleId } }, select: publicSelect });
  try {
    const outcome = await prisma.$transaction(async (tx): Promise<IssueResult | { held: true } | { refused: string }> => {
      const already = await tx.certificate.findUnique({ where: { userId_moduleId: { userId, moduleId } }, select: publicSelect });
      if (already) return { certificate: already, created: false };

      // Recompute eligibility from the stored progress, inside this transaction.
      const [user, enrolment, mod, completions, check] = await Promise.all([
        tx.user.findUnique({ where: { id: userId }, select: { name: true, email: true, emailVerifiedAt: true } }),
        tx.enrolment.findUnique({ where: { userId_moduleId: { userId, moduleId } }, select: { id: true, enrolledAt: true } }),
        tx.module.findUnique({
          where: { id: moduleId },
          select: {
            currentVersion: {
              select: {
                number: true,
                title: true,
                cpdHours: true,
                activities: { select: { activityId: true, required: true, position: true, minutes: true } },
              },
            },
          },
        }),
        tx.activityProgress.findMany({
          where: { userId, moduleId, completedAt: { not: null } },
          select: { activityId: true, completedAt: true },
        }),
        tx.completionCheck.findUnique({ where: { userId_moduleId: { userId, moduleId } }, select: { status: true, reason: true } }),
      ]);
      if (!user) throw new AppError("unauthenticated", "Sign in again to get your certificate.");
      const version = mod?.currentVersion ?? null;
      const decision = decideEligibility({
        enrolled: !!enrolment,
        version,
        completions: completions.flatMap((c) => (c.completedAt ? [{ activityId: c.activityId, completedAt: c.completedAt }] : [])),
      });
      if (!decision.eligible || !version || !enrolment) {
        throw new AppError("forbidden", decision.eligible ? "This module is not available." : decision.message);
      }
      // A certificate names a person reachable at a confirmed address (ADR 0031): every caller gets this.
      if (!user.emailVerifiedAt) throw new AppError("email-unverified", EMAIL_UNVERIFIED_MESSAGE);
      // An implausibly fast completion is held for an admin (ADR 0024), unless one approved it.
      if (check?.status === CompletionCheckStatus.rejected) return { refused: check.reason ?? "" };
      if (check?.status === CompletionCheckStatus.held) return { held: true as const };
      if (check?.status !== CompletionCheckStatus.approved) {
        const pace = decidePace({
          enrolledAt: enrolment.enrolledAt,
          activities: version.activities,
          completions: completions.flatMap((c) => (c.completedAt ? [{ activityId: c.activityId, completedAt: c.completedAt }] : [])),
          completedAt: decision.completedAt,
        });
        if (!pace.plausible) {
          await tx.completionCheck.create({
            data: {
              userId,
              moduleId,
              moduleTitle: version.title,
              versionNumber: version.number,
              startedAt: pace.startedAt,
              completedAt: decision.completedAt,
              tookSeconds: pace.tookSeconds,
              floorSeconds: pace.floorSeconds,
              createdAt: now,
            },
          });
          return { held: true as const };
        }
      }

      const subject = { moduleId, moduleTitle: version.title, versionNumber: version.number, cpdHours: version.cpdHours };
      const certificate = await writeCertificate(tx, { userId, user, subject, completedAt: decision.completedAt, origin, key, now });
      return { certificate, created: true };
    });
    // Outside the transaction, so the hold it recorded stays.
    if ("held" in outcome) throw new AppError("conflict", COMPLETION_HELD_MESSAGE);
    if ("refused" in outcome) throw new AppError("forbidden", completionRejectedMessage(outcome.refused));
    return outcome;
  } catch (error) {
    // Another request issued it between our read and our write: that one is the certificate.
    if (isUniqueViolation(error, ["userId", "moduleId"])) {
      const certificate = await existing();
      if (certificate) return { certificate, created: false };
      // …or another request held it for a check at the same moment.
      const held = await prisma.completionCheck.findUnique({ where: { userId_moduleId: { userId, moduleId } }, select: { id: true } });
      if (held) throw new AppError("conflict", COMPLETION_HELD_MESSAGE);
    }
    throw error;
  }
}

/**
 * Issues a certificate of attendance for a live event (docs/decisions/0057), whose eligibility the
 * events module has decided from the register: the same signed credential, status list and
 * verification as a module's, with the event as the achievement and the hours attendance earned.
 * Issuing twice gives the one certificate. Null when the holder's address is not confirmed yet (ADR
 * 0031): the hourly issuing job tries again.
 */
export async function issueAttendanceCertificate({
  userId,
  eventId,
  title,
  cpdHours,
  completedAt,
  origin,
  now = new Date(),
}: {
  userId: string;
  eventId: string;
  title: string;
  cpdHours: number;
  completedAt: Date;
  origin: string;
  now?: Date;
}): Promise<IssueResult | null> {
  const moduleId = eventCertificateKey(eventId);
  const existing = () => prisma.certificate.findUnique({ where: { userId_moduleId: { userId, moduleId } }, select: publicSelect });
  const already = await existing();
  if (already) return { certificate: already, created: false };
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { name: true, email: true, emailVerifiedAt: true } });
  if (!user?.emailVerifiedAt) return null;
  const key = await getSigningKey();
  try {
    return await prisma.$transaction(async (tx) => {
      const subject = { moduleId, moduleTitle: title, versionNumber: 1, cpdHours };
      const certificate = await writeCertificate(tx, { userId, user, subject, completedAt, origin, key, now });
      return { certificate, created: true };
    });
  } catch (error) {
    // Issued by another server's job at the same moment: that one is the certificate.
    if (isUniqueViolation(error, ["userId", "moduleId"])) {
      const certificate = await existing();
      if (certificate) return { certificate, created: false };
    }
    throw error;
  }
}

/**
 * After a change of name (docs/decisions/0031): each of the holder's current, valid certificates
 * that shows another name is issued again under `name`, with a new id and a newly signed credential;
 * the old one stays verifiable, says "replaced by <new id>" and moves from `userId` to
 * `formerUserId` (never deleted). Returns the new certificates' ids, oldest module first.
 */
export async function reissueCertificates({
  userId,
  origin,
  now = new Date(),
}: {
  userId: string;
  origin: string;
  now?: Date;
}): Promise<{ from: string; to: string }[]> {
  const key = await getSigningKey();
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true } });
    const current = await tx.certificate.findMany({
      where: { userId, status: CertificateStatus.valid, replacedById: null, holderName: { not: user.name } },
      orderBy: { issuedAt: "asc" },
      select: { id: true, moduleId: true, moduleTitle: true, versionNumber: true, cpdHours: true, completedAt: true },
    });
    const done: { from: string; to: string }[] = [];
    for (const old of current) {
      const id = newCertificateId();
      const facts = {
        id,
        holderName: user.name,
        moduleId: old.moduleId,
        moduleTitle: old.moduleTitle,
        versionNumber: old.versionNumber,
        cpdHours: old.cpdHours,
        completedAt: old.completedAt,
        issuedAt: now,
        issuer: ISSUER_NAME,
      };
      const statusListIndex = await allocateStatusListIndex(tx);
      const credential = JSON.stringify(
        signOpenBadgeCredential({ ...facts, recipient: recipientFor(user.email, user.name), statusListIndex }, origin, key, now),
      );
      // The old one leaves the (userId, moduleId) slot first, so the new one can take it.
      await tx.certificate.update({
        where: { id: old.id },
        data: { userId: null, formerUserId: userId, replacedById: id, replacedAt: now },
      });
      await tx.certificate.create({ data: { ...facts, userId, status: CertificateStatus.valid, statusListIndex, credential } });
      done.push({ from: old.id, to: id });
    }
    return done;
  });
}

/** How many of the holder's current certificates show a name other than their account's. */
export function countCertificatesUnderOtherNames({ userId, name }: { userId: string; name: string }) {
  return prisma.certificate.count({ where: { userId, status: CertificateStatus.valid, replacedById: null, holderName: { not: name } } });
}

/** The learner's certificate for a module, if any (for "Get" or "View your certificate"). */
export function findCertificateForModule({ userId, moduleId }: { userId: string; moduleId: string }) {
  return prisma.certificate.findUnique({ where: { userId_moduleId: { userId, moduleId } }, select: { id: true, status: true } });
}

export function listCertificatesForUser(userId: string) {
  return prisma.certificate.findMany({ where: { userId }, orderBy: { issuedAt: "desc" }, select: publicSelect });
}

export type Viewer = { id: string; isAdmin: boolean };

/** A certificate for its holder or an admin; null for anyone else (so others cannot tell it exists). */
export function getCertificateForViewer({ id, viewer }: { id: string; viewer: Viewer }) {
  const ref = normaliseCertificateReference(id);
  if (!ref) return Promise.resolve(null);
  return prisma.certificate.findFirst({
    where: viewer.isAdmin ? { id: ref } : { id: ref, userId: viewer.id },
    select: { ...publicSelect, credential: true },
  });
}

/** What anyone may see about a certificate: name, module, version, hours, dates, issuer and status. */
export function getPublicCertificate(id: string): Promise<PublicCertificate | null> {
  const ref = normaliseCertificateReference(id);
  if (!ref) return Promise.resolve(null);
  return prisma.certificate.findUnique({ where: { id: ref }, select: publicSelect });
}

// ---------------------------------------------------------------------------------------------
// Verification lookups are rate limited per client address.

export const VERIFY_RATE_LIMIT = 60;
export const VERIFY_RATE_WINDOW_MS = 60_000;

/**
 * One lookup; a bulk check of n references costs ceil(n / 5) lookups. Kept in the database, so the
 * limit holds across server processes (docs/decisions/0022).
 */
export async function takeVerificationAllowance(clientIp: string, now = Date.now(), references = 1): Promise<RateDecision> {
  const at = new Date(now);
  if (Math.random() < 0.01) await pruneRateLimits(new Date(now - 10 * VERIFY_RATE_WINDOW_MS)); // now and then
  return takeRateLimit(`verify:${clientIp || "unknown"}`, {
    limit: VERIFY_RATE_LIMIT,
    windowMs: VERIFY_RATE_WINDOW_MS,
    cost: Math.max(1, Math.ceil(references / 5)),
    now: at,
  });
}

/** Bulk verification: the public view of each id (in the order given), or null where none exists. */
export async function lookUpCertificates(ids: string[]): Promise<{ id: string; certificate: PublicCertificate | null }[]> {
  const refs = ids.map((id) => normaliseCertificateReference(id));
  const valid = refs.filter((ref): ref is string => ref !== null);
  const found = valid.length ? await prisma.certificate.findMany({ where: { id: { in: valid } }, select: publicSelect }) : [];
  return ids.map((id, i) => ({ id, certificate: found.find((c) => c.id === refs[i]) ?? null }));
}

/** The credentialStatus document: shaped as a 1EdTech revocation list for this one credential. */
export async function getCertificateStatusDocument(id: string, origin: string) {
  const ref = normaliseCertificateReference(id);
  if (!ref) return null;
  const certificate = await prisma.certificate.findUnique({ where: { id: ref }, select: { ...publicSelect, credential: true } });
  if (!certificate) return null;
  const credentialId = verifyUrlFromStoredCredential(certificate.credential) ?? certificateUrls(origin, certificate.id).verifyUrl;
  const revoked = certificate.status === CertificateStatus.revoked;
  return {
    id: `${credentialId}/status.json`,
    issuer: issuerIdFor(new URL(credentialId).origin),
    certificateId: certificate.id,
    status: certificate.status,
    revokedAt: certificate.revokedAt ? isoSeconds(certificate.revokedAt) : null,
    revokedCredentials: revoked ? [{ id: credentialId, revoked: true, revocationReason: certificate.revokedReason ?? "" }] : [],
  };
}

/**
 * The signed revocation list `listNumber` (a BitstringStatusListCredential): bit i is 1 when the
 * certificate at position i is revoked. Signed afresh on each request with the current key, valid
 * for a day. Null for a list that does not exist.
 */
export async function getStatusListCredential(listNumber: string, origin: string): Promise<JsonObject | null> {
  if (listNumber !== String(STATUS_LIST_NUMBER)) return null;
  const [key, revoked] = await Promise.all([
    getSigningKey(),
    prisma.certificate.findMany({
      where: { status: CertificateStatus.revoked, statusListIndex: { not: null } },
      select: { statusListIndex: true },
    }),
  ]);
  const now = new Date();
  const url = statusListUrlFor(origin, STATUS_LIST_NUMBER);
  const issuerId = issuerIdFor(origin);
  const unsigned = buildStatusListCredential({ url, issuerId, revokedIndexes: revoked.map((r) => r.statusListIndex!), now });
  const proof = createProof(unsigned, {
    verificationMethod: `${issuerId}#${key.id}`,
    created: isoSeconds(now),
    privateKey: key.privateKey,
  });
  return { ...unsigned, proof: [proof] };
}

/**
 * Brings credentials issued before December 2026 up to date (ADR 0044): their proofs lacked the
 * @context other verifiers need, their holder had no identifier and their status entry used a type
 * no context defines. Each is signed again with the current key, with the same id, facts and dates,
 * a salted hash of the holder's address and a place in the revocation list. Idempotent; runs at
 * start-up (scripts/prepare.ts). Returns how many were brought up to date.
 */
export async function upgradeLegacyCredentials({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  const legacy = await prisma.certificate.findMany({
    where: { statusListIndex: null },
    select: {
      ...factsSelect,
      credential: true,
      user: { select: { email: true } },
      formerUser: { select: { email: true } },
    },
  });
  if (legacy.length === 0) return 0;
  const key = await getSigningKey();
  let upgraded = 0;
  for (const row of legacy) {
    const verifyUrl = verifyUrlFromStoredCredential(row.credential);
    if (!verifyUrl) continue; // not one Pathways wrote: leave it for a person to look at
    const origin = new URL(verifyUrl).origin;
    const { user, formerUser, credential: _old, ...facts } = row;
    const email = user?.email ?? formerUser?.email ?? null;
    await prisma.$transaction(async (tx) => {
      const statusListIndex = await allocateStatusListIndex(tx);
      const credential = JSON.stringify(
        signOpenBadgeCredential({ ...facts, recipient: recipientFor(email, facts.holderName), statusListIndex }, origin, key, now),
      );
      const { count } = await tx.certificate.updateMany({
        where: { id: row.id, statusListIndex: null },
        data: { statusListIndex, credential },
      });
      upgraded += count;
    });
  }
  return upgraded;
}

export type CheckLine = { ok: boolean; message: string };
export type CredentialReport = {
  genuine: CheckLine;
  matches: CheckLine;
  current: CheckLine;
  /** What the credential says, shown only when it is genuine. */
  stated: ReturnType<typeof describeCredential> | null;
  /** The certificate a genuine credential belongs to, when it is not the one being looked at. */
  otherCertificateId: string | null;
};

/**
 * Checks a pasted or uploaded credential against certificate `certificateId`: is it genuine (valid
 * signature with a key this site publishes), is it this certificate's credential, and is the
 * certificate current (not revoked)? Each answer comes with the reason.
 */
export async function checkCredentialForCertificate({
  certificateId,
  text,
  origin,
}: {
  certificateId: string;
  text: string;
  origin: string;
}): Promise<CredentialReport> {
  const verdict = verifyCredential(text, await getIssuerDocument(origin));
  if (!verdict.genuine) {
    const notChecked = { ok: false, message: "Not checked, because the credential is not genuine." };
    return {
      genuine: { ok: false, message: verdict.message },
      matches: notChecked,
      current: notChecked,
      stated: null,
      otherCertificateId: null,
    };
  }
  const genuine = { ok: true, message: "The signature is valid and was made with a key Pathways publishes." };
  const ownId = certificateIdFromCredential(verdict.credential);
  const [target, own] = await Promise.all([
    prisma.certificate.findUnique({ where: { id: certificateId }, select: { credential: true } }),
    ownId ? getPublicCertificate(ownId) : Promise.resolve(null),
  ]);
  const matchesThis = !!target && jcs(JSON.parse(target.credential)) === jcs(verdict.credential);
  const matches = matchesThis
    ? { ok: true, message: "It is the credential issued for this certificate." }
    : { ok: false, message: "It is a genuine Pathways credential, but for a different certificate." };
  let current: CheckLine;
  if (!own) current = { ok: false, message: "Pathways has no record of the certificate it belongs to." };
  else if (own.status === CertificateStatus.revoked) {
    current = {
      ok: false,
      message: `Revoked${own.revokedAt ? ` on ${formatDate(own.revokedAt)}` : ""}${own.revokedReason ? `: ${own.revokedReason}` : "."}`,
    };
  } else current = { ok: true, message: "The certificate has not been revoked." };
  return {
    genuine,
    matches,
    current,
    stated: describeCredential(verdict.credential),
    otherCertificateId: matchesThis ? null : (own?.id ?? null),
  };
}

// ---------------------------------------------------------------------------------------------
// Administration.

/** Revokes a valid certificate with a reason (shown publicly). Throws AppError otherwise. */
export async function revokeCertificate({
  id,
  reason,
  adminId,
  now = new Date(),
}: {
  id: string;
  reason: string;
  adminId: string;
  now?: Date;
}) {
  const text = reason.trim();
  if (text.length < 3) throw new AppError("bad-request", "Give a reason for revoking (it is shown on the public page).");
  if (text.length > REVOKE_REASON_MAX) throw new AppError("bad-request", `Keep the reason under ${REVOKE_REASON_MAX} characters.`);
  const ref = normaliseCertificateReference(id);
  if (!ref) throw new AppError("not-found", "There is no certificate with that id.");
  const { count } = await prisma.certificate.updateMany({
    where: { id: ref, status: CertificateStatus.valid },
    data: { status: CertificateStatus.revoked, revokedAt: now, revokedReason: text, revokedById: adminId },
  });
  if (count === 0) {
    const found = await getPublicCertificate(id);
    if (!found) throw new AppError("not-found", "There is no certificate with that id.");
    throw new AppError("conflict", "That certificate has already been revoked.");
  }
  return getPublicCertificate(id);
}

/** Admin search: an exact certificate id, or part of the holder's name or email, or of the module title. */
export async function searchCertificates({ query, take = 50 }: { query: string; take?: number }) {
  const q = query.trim();
  const where: Prisma.CertificateWhereInput = q
    ? {
        OR: [
          { id: normaliseCertificateReference(q) ?? q },
          { holderName: containsText(q) },
          { user: { email: containsText(q.toLowerCase()) } },
          { moduleTitle: containsText(q) },
        ],
      }
    : {};
  const [rows, total] = await Promise.all([
    prisma.certificate.findMany({ where, orderBy: { issuedAt: "desc" }, take, select: publicSelect }),
    prisma.certificate.count({ where }),
  ]);
  return { rows, total };
}
