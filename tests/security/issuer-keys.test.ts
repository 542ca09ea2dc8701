import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../factories/courses.ts";
import { createUser } from "../factories/users.ts";
import { issueCertificate } from "~/modules/certificates/certificates.server.ts";
import { publicKeyToJwk } from "~/modules/certificates/data-integrity.ts";
import {
  getIssuerDocument,
  getSigningKey,
  issuerKeysDir,
  moveIssuerKeysOutOfDatabase,
  rotateIssuerKey,
} from "~/modules/certificates/issuer-keys.server.ts";
import { verifyCredential } from "~/modules/certificates/verify-credential.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { prisma } from "~/utils/db.server.ts";

/**
 * Issue 11, item 4: the issuer's signing key was stored in plain text in the database. Private keys
 * now live only in KEYS_DIR (ADR 0028); the database keeps public halves and status.
 */
const ORIGIN = "https://pathways.example.org";

/** Every value of every IssuerKey row, as the database returns it (whatever Prisma's model says). */
async function issuerKeyTable(): Promise<string> {
  return JSON.stringify(await prisma.$queryRawUnsafe('SELECT * FROM "IssuerKey"'));
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

async function certify() {
  const moduleId = `keys-${crypto.randomBytes(4).toString("hex")}`;
  await publishFixtureModule({ id: moduleId, activities: [{ id: "read", type: "reading" }] });
  const user = await createUser();
  await enrol(user.id, moduleId);
  await recordProgress({ userId: user.id, moduleId, activityId: "read", clientId: crypto.randomUUID(), write: { intent: "complete" } });
  const { certificate } = await issueCertificate({ userId: user.id, moduleId, origin: ORIGIN });
  const row = await prisma.certificate.findUniqueOrThrow({ where: { id: certificate.id }, select: { credential: true } });
  return JSON.parse(row.credential) as { proof: { verificationMethod: string }[] };
}

describe("issuer keys (serial: one key store per test file)", () => {
  it("moves a private key an earlier version stored in the database into KEYS_DIR (0600) at start, and clears it", async () => {
    // A database as the previous version left it: the private key in the table.
    const legacy = crypto.generateKeyPairSync("ed25519");
    const pem = legacy.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    await prisma.issuerKey.create({
      data: { id: "key-20260101-legacy", publicKeyJwk: JSON.stringify(publicKeyToJwk(legacy.publicKey)), privateKeyPem: pem, active: true },
    });
    expect(await issuerKeyTable()).toContain("PRIVATE KEY");

    expect(await moveIssuerKeysOutOfDatabase()).toBe(1); // what scripts/prepare.ts does at every start
    expect(await moveIssuerKeysOutOfDatabase()).toBe(0);
    const table = await issuerKeyTable();
    expect(table).not.toContain("PRIVATE KEY");
    expect(table).not.toContain(pem.split("\n")[1]!);
    const file = path.join(issuerKeysDir(), "key-20260101-legacy.pem");
    expect(fs.readFileSync(file, "utf8")).toBe(pem);
    expect(mode(file)).toBe(0o600);
    expect(mode(issuerKeysDir())).toBe(0o700);

    // It still signs: the first certificate after the upgrade uses it and verifies.
    expect((await getSigningKey()).id).toBe("key-20260101-legacy");
    const credential = await certify();
    expect(credential.proof[0]!.verificationMethod).toMatch(/#key-20260101-legacy$/);
    expect(verifyCredential(credential, await getIssuerDocument(ORIGIN))).toMatchObject({ genuine: true });
  });

  it("rotation: a new current key (file only), the old one retired and still published; old and new certificates verify", async () => {
    const before = await certify();
    const { id: newKey } = await rotateIssuerKey();
    expect(mode(path.join(issuerKeysDir(), `${newKey}.pem`))).toBe(0o600);
    const after = await certify();
    const doc = await getIssuerDocument(ORIGIN);
    expect(after.proof[0]!.verificationMethod).toBe(`${doc.id}#${newKey}`);
    expect(before.proof[0]!.verificationMethod).not.toBe(after.proof[0]!.verificationMethod);
    for (const credential of [before, after]) expect(verifyCredential(credential, doc)).toMatchObject({ genuine: true });
    const statuses = Object.fromEntries(doc.keys.map((k) => [k.kid, k.status]));
    expect(statuses[newKey]).toBe("current");
    expect(statuses[before.proof[0]!.verificationMethod.split("#")[1]!]).toBe("retired");
    const retired = await prisma.issuerKey.findUniqueOrThrow({ where: { id: before.proof[0]!.verificationMethod.split("#")[1]! } });
    expect(retired).toMatchObject({ active: false, retiredAt: expect.any(Date) });
    // Whatever was created, nothing private is in the table.
    const table = await issuerKeyTable();
    expect(table).not.toContain("PRIVATE KEY");
    expect(await prisma.issuerKey.count({ where: { privateKeyPem: { not: null } } })).toBe(0);
  });

  it("a missing key file is a clear error, never a silent new key", async () => {
    const { id } = await rotateIssuerKey();
    fs.renameSync(path.join(issuerKeysDir(), `${id}.pem`), path.join(issuerKeysDir(), `${id}.moved`));
    try {
      await expect(getSigningKey()).rejects.toThrow(/missing from .* \(KEYS_DIR\)\. Restore it from a backup/);
    } finally {
      fs.renameSync(path.join(issuerKeysDir(), `${id}.moved`), path.join(issuerKeysDir(), `${id}.pem`));
    }
    expect((await getSigningKey()).id).toBe(id);
  });
});
