/**
 * The platform's Ed25519 signing keys. The database (IssuerKey) holds each key's id, public half and
 * status (current or retired); the private halves are files in KEYS_DIR (docs/decisions/0028). The
 * first credential ever issued creates a key; rotation adds a new current key and retires the old
 * ones, which stay published, so every credential ever issued keeps verifying (ADR 0008).
 */
import crypto, { type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseProvider } from "~/utils/database-url.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
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
 * Where the issuer's private keys live: one file <key id>.pem per key (PKCS#8, mode 0600) in
 * KEYS_DIR (default data/keys). Never the database (docs/decisions/0028). `npm run backup` copies it.
 */
export function issuerKeysDir(): string {
  return path.resolve(getEnv().KEYS_DIR);
}

const KEY_ID = /^key-[a-z0-9-]{1,60}$/;
function keyFile(id: string) {
  if (!KEY_ID.test(id)) throw new Error(`Not an issuer key id: ${JSON.stringify(id)}`);
  return path.join(issuerKeysDir(), `${id}.pem`);
}

/** Writes a private key file readable by the server's user only (atomically: temp file, then rename). */
function writeKeyFile(id: string, pem: string) {
  const dir = issuerKeysDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = keyFile(id);
  const partial = `${file}.${crypto.randomBytes(4).toString("hex")}.partial`;
  fs.writeFileSync(partial, pem, { mode: 0o600, flag: "wx" });
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, file);
}

function readKeyFile(id: string): KeyObject {
  let pem: string;
  try {
    pem = fs.readFileSync(keyFile(id), "utf8");
  } catch (cause) {
    throw new Error(
      `The issuer's signing key ${id} is missing from ${issuerKeysDir()} (KEYS_DIR). Restore it from a backup (npm run restore), or make a new one with npm run keys:rotate.`,
      { cause },
    );
  }
  return parseEd25519PrivateKey(pem);
}

/**
 * Moves private keys that earlier versions kept in the database (IssuerKey.privateKeyPem) into
 * KEYS_DIR and clears them from the table, overwriting the freed space. Idempotent; runs at start-up
 * (scripts/prepare.ts) and before any key is used. Returns how many keys were moved.
 */
export async function moveIssuerKeysOutOfDatabase(): Promise<number> {
  const rows = await prisma.issuerKey.findMany({ where: { privateKeyPem: { not: null } }, select: { id: true, privateKeyPem: true } });
  if (rows.length === 0) return 0;
  for (const row of rows) {
    parseEd25519PrivateKey(row.privateKeyPem!); // refuse to move (and then erase) something unreadable
    if (!fs.existsSync(keyFile(row.id))) writeKeyFile(row.id, row.privateKeyPem!);
    else parseEd25519PrivateKey(fs.readFileSync(keyFile(row.id), "utf8"));
  }
  // The old values must not linger in free pages: SQLite overwrites what it frees with
  // secure_delete; PostgreSQL keeps dead row versions until the table is rewritten.
  const postgres = databaseProvider() === "postgresql";
  if (!postgres) await prisma.$executeRawUnsafe("PRAGMA secure_delete = ON");
  await prisma.issuerKey.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { privateKeyPem: null } });
  if (postgres) await prisma.$executeRawUnsafe('VACUUM FULL "IssuerKey"');
  return rows.length;
}

/**
 * Adds a signing key (the one given, or a freshly generated one) as the current key and retires the
 * others, which stay published so their credentials still verify. The private key goes to its file
 * in KEYS_DIR first; only the public half is stored in the database. Returns the new key's id.
 */
export async function rotateIssuerKey({ privateKeyPem, now = new Date() }: { privateKeyPem?: string; now?: Date } = {}) {
  const privateKey = privateKeyPem ? parseEd25519PrivateKey(privateKeyPem) : crypto.generateKeyPairSync("ed25519").privateKey;
  const id = newKeyId(now);
  writeKeyFile(id, privateKey.export({ format: "pem", type: "pkcs8" }).toString());
  try {
    await prisma.$transaction([
      prisma.issuerKey.updateMany({ where: { active: true }, data: { active: false, retiredAt: now } }),
      prisma.issuerKey.create({
        data: { id, publicKeyJwk: JSON.stringify(publicKeyToJwk(crypto.createPublicKey(privateKey))), active: true, createdAt: now },
      }),
    ]);
  } catch (error) {
    fs.rmSync(keyFile(id), { force: true }); // not recorded, so never used: do not leave it behind
    throw error;
  }
  return { id };
}

/** The key new credentials are signed with: the current one, created on first use. */
export async function getSigningKey(): Promise<SigningKey> {
  await moveIssuerKeysOutOfDatabase();
  const find = () => prisma.issuerKey.findFirst({ where: { active: true }, orderBy: { createdAt: "desc" }, select: { id: true } });
  let row = await find();
  if (!row) {
    await rotateIssuerKey();
    row = await find();
  }
  if (!row) throw new Error("No issuer key could be created");
  return { id: row.id, privateKey: readKeyFile(row.id) };
}

/** Every key that may have signed a credential, newest first (public halves only). */
export async function listPublishedKeys(): Promise<PublishedKey[]> {
  const rows = await prisma.issuerKey.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, publicKeyJwk: true, active: true, createdAt: true, retiredAt: true },
  });
  return rows.flatMap((row) => {
    const publicKey = publicKeyFromJwk(JSON.parse(row.publicKeyJwk));
    return publicKey ? [{ id: row.id, publicKey, active: row.active, createdAt: row.createdAt, retiredAt: row.retiredAt }] : [];
  });
}

/** The document published at /.well-known/pathways-issuer.json for this site. */
export async function getIssuerDocument(origin: string): Promise<IssuerDocument> {
  return buildIssuerDocument(origin, await listPublishedKeys());
}
