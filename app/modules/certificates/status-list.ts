/**
 * The revocation list as a W3C Bitstring Status List (Bitstring Status List v1.0): one bit per
 * certificate, 1 = revoked, the first index at the left-most bit; GZIP-compressed and multibase
 * base64url-encoded into a `BitstringStatusListCredential` that the issuer signs. A verifier
 * fetches the list once and learns nothing about which certificate it is checking. Pure.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { base64urlnopad } from "@scure/base";
import { VC_CONTEXT, isoSeconds, STATUS_LIST_LENGTH } from "./open-badge.ts";
import type { JsonObject } from "./data-integrity.ts";

/** How long a verifier may rely on a fetched list before fetching it again. */
export const STATUS_LIST_TTL_MS = 24 * 60 * 60 * 1000;

export function encodeStatusList(revokedIndexes: Iterable<number>, length = STATUS_LIST_LENGTH): string {
  const bits = new Uint8Array(Math.ceil(length / 8));
  for (const index of revokedIndexes) {
    if (!Number.isInteger(index) || index < 0 || index >= length) throw new Error(`Status list index out of range: ${index}`);
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return `u${base64urlnopad.encode(gzipSync(bits))}`;
}

/** The indexes set in an encoded list (for tests and diagnostics). */
export function decodeStatusList(encoded: string): number[] {
  if (!encoded.startsWith("u")) throw new Error("Not a multibase base64url list");
  const bits = gunzipSync(base64urlnopad.decode(encoded.slice(1)));
  const set: number[] = [];
  bits.forEach((byte, i) => {
    for (let b = 0; b < 8; b++) if (byte & (0x80 >> b)) set.push(i * 8 + b);
  });
  return set;
}

/** The unsigned status list credential for list `url`, valid from `now` for a day. */
export function buildStatusListCredential({
  url,
  issuerId,
  revokedIndexes,
  now,
}: {
  url: string;
  issuerId: string;
  revokedIndexes: Iterable<number>;
  now: Date;
}): JsonObject {
  return {
    "@context": [VC_CONTEXT],
    id: url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: issuerId,
    validFrom: isoSeconds(now),
    validUntil: isoSeconds(new Date(now.getTime() + STATUS_LIST_TTL_MS)),
    credentialSubject: {
      id: `${url}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: encodeStatusList(revokedIndexes),
    },
  };
}
