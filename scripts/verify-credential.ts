/**
 * Checks a Pathways credential offline:
 *
 *   npx tsx scripts/verify-credential.ts credential.json issuer.json
 *
 * `issuer.json` is the issuer's key document, saved from https://<site>/.well-known/pathways-issuer.json.
 * Nothing is fetched and no database is needed. Exits 0 when the credential is genuine, 1 when it
 * is not (with the reason), 2 on a usage error. Whether it has since been revoked can only be
 * known online: the credential's page (its id) or its revocation list (credentialStatus) says.
 */
import fs from "node:fs";
import { isJsonObject } from "~/modules/certificates/data-integrity.ts";
import { describeCredential, MAX_CREDENTIAL_BYTES, verifyCredential } from "~/modules/certificates/verify-credential.ts";

const USAGE = "Usage: npx tsx scripts/verify-credential.ts <credential.json> <issuer.json>";

function readSmallFile(file: string): string {
  const { size } = fs.statSync(file);
  if (size > 4 * MAX_CREDENTIAL_BYTES) throw new Error(`${file} is ${size} bytes: too large to be a credential or an issuer document.`);
  return fs.readFileSync(file, "utf8");
}

export function runVerifyCredential(args: string[], log: (line: string) => void = console.log): number {
  if (args.length !== 2) {
    log(USAGE);
    return 2;
  }
  const [credentialFile, issuerFile] = args as [string, string];
  let credentialText: string;
  let issuer: unknown;
  try {
    credentialText = readSmallFile(credentialFile);
    issuer = JSON.parse(readSmallFile(issuerFile));
  } catch (error) {
    log(`Could not read the files: ${error instanceof Error ? error.message : String(error)}`);
    log(USAGE);
    return 2;
  }
  if (!isJsonObject(issuer) || typeof issuer.id !== "string") {
    log(`${issuerFile} is not an issuer key document (it has no "id").`);
    return 2;
  }

  const verdict = verifyCredential(credentialText, issuer);
  if (!verdict.genuine) {
    log(`NOT GENUINE: ${verdict.message}`);
    log(`(check: ${verdict.problem}; issuer document: ${issuer.id})`);
    return 1;
  }
  const facts = describeCredential(verdict.credential);
  const status = isJsonObject(verdict.credential.credentialStatus) ? verdict.credential.credentialStatus : null;
  log("GENUINE: the signature is valid and was made with a key the issuer publishes.");
  log(`  Awarded to:   ${facts.holderName ?? "(not stated)"}`);
  log(`  Module:       ${facts.moduleTitle ?? "(not stated)"}`);
  log(`  CPD hours:    ${facts.cpdHours ?? "(not stated)"}`);
  log(`  Completed:    ${facts.completedAt ?? "(not stated)"}`);
  log(`  Issued:       ${facts.issuedAt ?? "(not stated)"}`);
  log(`  Signed with:  ${verdict.verificationMethod}`);
  if (status && typeof verdict.credential.id === "string") {
    const where =
      typeof status.statusListCredential === "string"
        ? ` (revocation list ${status.statusListCredential}, position ${String(status.statusListIndex)})`
        : "";
    log(`Whether it has been revoked since can only be checked online: ${verdict.credential.id}${where}`);
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(runVerifyCredential(process.argv.slice(2)));
}
