/**
 * Manages the keys that sign certificates' credentials (docs/decisions/0008, 0028):
 *
 *   npm run keys:list                            every key, newest first (public halves only)
 *   npm run keys:rotate                          a new current key (its private half in KEYS_DIR); the old one is retired
 *   npm run keys:rotate -- --import key.pem      the same with this Ed25519 key (PKCS#8 PEM)
 *
 * Retired keys stay published so that every credential they signed keeps verifying.
 * Generate a key to import with: openssl genpkey -algorithm ed25519 -out key.pem
 */
import fs from "node:fs";
import { issuerKeysDir, listPublishedKeys, rotateIssuerKey } from "~/modules/certificates/issuer-keys.server.ts";
import { publicKeyToMultibase } from "~/modules/certificates/data-integrity.ts";
import { prisma } from "~/utils/db.server.ts";

async function main(args: string[]): Promise<number> {
  const [command, flag, file] = args;
  if (command === "list") {
    const keys = await listPublishedKeys();
    if (keys.length === 0) console.log("No keys yet: one is created when the first certificate is issued.");
    for (const k of keys) {
      console.log(`${k.id}  ${k.active ? "current" : "retired"}  ${k.createdAt.toISOString()}  ${publicKeyToMultibase(k.publicKey)}`);
    }
    return 0;
  }
  if (command === "rotate" && (flag === undefined || (flag === "--import" && file))) {
    const { id } = await rotateIssuerKey({ privateKeyPem: file ? fs.readFileSync(file, "utf8") : undefined });
    console.log(
      `New credentials are now signed with ${id} (private key in ${issuerKeysDir()}). Earlier keys are retired and stay published for verification.`,
    );
    return 0;
  }
  console.log("Usage: npm run keys:list | npm run keys:rotate [-- --import key.pem]");
  return 2;
}

main(process.argv.slice(2))
  .then(async (code) => {
    await prisma.$disconnect();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await prisma.$disconnect();
    process.exit(1);
  });
