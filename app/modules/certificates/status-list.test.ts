import { gunzipSync } from "node:zlib";
import { base64urlnopad } from "@scure/base";
import { describe, expect, it } from "vitest";
import { STATUS_LIST_LENGTH } from "./open-badge.ts";
import { buildStatusListCredential, decodeStatusList, encodeStatusList } from "./status-list.ts";

describe("the revocation list (Bitstring Status List)", () => {
  it("puts index 0 at the left-most bit of the first byte, as the specification says", () => {
    const bytes = gunzipSync(base64urlnopad.decode(encodeStatusList([0, 9]).slice(1)));
    expect(bytes.length).toBe(STATUS_LIST_LENGTH / 8);
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0b1000_0000, 0b0100_0000, 0]);
  });

  it("round-trips, stays small when sparse, and refuses positions outside the list", () => {
    const revoked = [3, 4096, STATUS_LIST_LENGTH - 1];
    const encoded = encodeStatusList(revoked);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    expect(encoded.length).toBeLessThan(2000);
    expect(decodeStatusList(encoded)).toEqual(revoked);
    expect(() => encodeStatusList([STATUS_LIST_LENGTH])).toThrow(/out of range/);
    expect(() => encodeStatusList([-1])).toThrow(/out of range/);
  });

  it("is a credential valid for a day, for the revocation purpose", () => {
    const now = new Date("2026-12-04T10:00:00.123Z");
    const list = buildStatusListCredential({
      url: "https://p.example/verify/status-lists/1",
      issuerId: "https://p.example/i",
      revokedIndexes: [],
      now,
    });
    expect(list).toMatchObject({
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      validFrom: "2026-12-04T10:00:00Z",
      validUntil: "2026-12-05T10:00:00Z",
      credentialSubject: { type: "BitstringStatusList", statusPurpose: "revocation" },
    });
  });
});
