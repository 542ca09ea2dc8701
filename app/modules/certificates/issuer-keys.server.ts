/**
 * The platform's Ed25519 signing keys (IssuerKey rows). The first credential ever issued creates
 * one; rotation adds a new active key and keeps the old ones published, so every credential ever
 * issued keeps verifying. See docs/decisions/0008-certificates-signed-open-badges.md.
 */
import crypto, { type KeyObject } from "node:crypto";
import { prisma } from "~/utils/db.server.ts";
import { publicKeyFromJwk, publicKeyToJwk } from "./data-integrity.ts";
import { buildIssuerDocument, type IssuerDocument, type PublishedKey } from "./issuer-document.ts";

export type SigningKey = { id: string; privateKey: KeyObject };

function newKeyId(now: Date) {
  return `key-${now.toISOString().slice(0, 10).replace(/-/g, "")}-${crypto.randomBytes(3).toString("hex")}`;
}

/** Parses and checks an Ed25519 private key in PKCS#8 PEM. Throws a readable error otherwise. */
export function parseEd25519PrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = crypto.createPrivateKey({ key: pem, format: "pem" });
  } catch (cause) {
    throw new Error("That is not a private key in PEM format (PKCS#8).", { cause });
  }
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(`That key is ${key.asymmetricKeyType ?? "of an unknown type"}; Pathways signs with Ed25519.`);
  return key;
}

/**
 * Adds a signing key (the one given, or a freshly generated one), makes it the only active key and
 * returns its id. Earlier keys stay, inactive, so their credentials still verify.
 */
export async function rotateIssuerKey({ privateKeyPem, now = new Date() }: { privateKeyPem?: string; now?: Date } = {}) {
  const privateKey = privateKeyPem ? parseEd25519PrivateKey(privateKeyPem) : crypto.generateKeyPairSync("ed25519").privateKey;
  const id = newKeyId(now);
  await prisma.$transaction([
    prisma.issuerKey.updateMany({ where: { active: true }, data: { active: false } }),
    prisma.issuerKey.create({
      data: {
        id,
        publicKeyJwk: JSON.stringify(publicKeyToJwk(crypto.createPublicKey(privateKey))),
        privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
        active: true,
        createdAt: now,
      },
    }),
  ]);
  return { id };
}

/** The key new credentials are signed with: the newest active one, created on first use. */
export async function getSigningKey(): Promise<SigningKey> {
  const find = () =>
    prisma.issuerKey.findFirst({ where: { active: true }, orderBy: { createdAt: "desc" }, select: { id: true, privateKeyPem: true } });
  let row = await find();
  if (!row) {
    await rotateIssuerKey();
    row = await find();
  }
  if (!row) throw new Error("No issuer key could be created");
  return { id: row.id, privateKey: parseEd25519PrivateKey(row.privateKeyPem) };
}

/** Every key that may have signed a credential, newest first (public halves only). */
export async function listPublishedKeys(): Promise<PublishedKey[]> {
  const rows = await prisma.issuerKey.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, publicKeyJwk: true, active: true, createdAt: true },
  });
  return rows.flatMap((row) => {
    const publicKey = publicKeyFromJwk(JSON.parse(row.publicKeyJwk));
    return publicKey ? [{ id: row.id, publicKey, active: row.active, createdAt: row.createdAt }] : [];
  });
}

/** The document published at /.well-known/pathways-issuer.json for this site. */
export async function getIssuerDocument(origin: string): Promise<IssuerDocument> {
  return buildIssuerDocument(origin, await listPublishedKeys());
}
