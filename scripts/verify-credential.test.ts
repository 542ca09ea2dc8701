import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildIssuerDocument } from "~/modules/certificates/issuer-document.ts";
import { signOpenBadgeCredential } from "~/modules/certificates/open-badge.ts";
import { runVerifyCredential } from "./verify-credential.ts";

const ORIGIN = "https://pathways.example.org";
const { privateKey, publicKey } = crypto.generateKeyPairSync("ed25519");
const issuer = buildIssuerDocument(ORIGIN, [{ id: "key-1", publicKey, active: true, createdAt: new Date("2026-01-01") }]);
const credential = signOpenBadgeCredential(
  {
    id: "q0Zb7mJx3kT9vW2yN5pR8sLd",
    holderName: "Ada Lovelace",
    moduleId: "m",
    moduleTitle: "A module",
    versionNumber: 1,
    cpdHours: 2,
    completedAt: new Date("2026-02-01T10:00:00Z"),
    issuedAt: new Date("2026-02-02T10:00:00Z"),
    issuer: "Pathways",
    recipient: { identityType: "emailAddress", value: "ada@school.example", salt: "5a17" },
    statusListIndex: 7,
  },
  ORIGIN,
  { id: "key-1", privateKey },
  new Date("2026-02-02T10:00:00Z"),
);

function files(credentialText: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-cli-"));
  fs.writeFileSync(path.join(dir, "credential.json"), credentialText);
  fs.writeFileSync(path.join(dir, "issuer.json"), JSON.stringify(issuer));
  return [path.join(dir, "credential.json"), path.join(dir, "issuer.json")];
}

describe("scripts/verify-credential.ts", () => {
  it("says GENUINE and exits 0 for an untouched credential", () => {
    const lines: string[] = [];
    expect(runVerifyCredential(files(JSON.stringify(credential, null, 2)), (l) => lines.push(l))).toBe(0);
    expect(lines.join("\n")).toMatch(/^GENUINE/);
    expect(lines.join("\n")).toContain("Ada Lovelace");
    expect(lines.join("\n")).toContain(`${ORIGIN}/verify/q0Zb7mJx3kT9vW2yN5pR8sLd`);
    expect(lines.join("\n")).toContain(`revocation list ${ORIGIN}/verify/status-lists/1, position 7`);
  });

  it("says NOT GENUINE, with the reason, and exits 1 for an altered one", () => {
    const lines: string[] = [];
    const altered = JSON.stringify(credential).replace("Ada Lovelace", "Ada Byron");
    expect(runVerifyCredential(files(altered), (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toBe("NOT GENUINE: The signature does not match: the file was altered after it was issued.");
  });

  it("explains its usage", () => {
    const lines: string[] = [];
    expect(runVerifyCredential(["only-one.json"], (l) => lines.push(l))).toBe(2);
    expect(lines[0]).toMatch(/^Usage:/);
    expect(runVerifyCredential(["/no/such/file.json", "/no/such/issuer.json"], () => {})).toBe(2);
  });

  it("runs from the command line without a database", () => {
    const [cred, iss] = files(JSON.stringify(credential));
    const output = execFileSync("npx", ["tsx", "scripts/verify-credential.ts", cred!, iss!], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "file:/nonexistent/never-opened.db" },
    });
    expect(output).toMatch(/^GENUINE/);
  });
});
