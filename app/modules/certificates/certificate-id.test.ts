import { describe, expect, it } from "vitest";
import { CROCKFORD_ALPHABET, newCertificateId, normaliseCertificateReference } from "./certificate-id.ts";

describe("certificate references", () => {
  it("are 30 lowercase Crockford base32 characters (150 bits) in groups of five, never starting with a hyphen", () => {
    const seen = new Set<string>();
    for (let n = 0; n < 500; n += 1) {
      const id = newCertificateId();
      expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{5}(-[0-9a-hjkmnp-tv-z]{5}){5}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(500);
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
    // Every byte maps to a character; all 32 characters are used (no bias from a partial alphabet).
    const all = newCertificateId((b) => b.map((_, i) => i));
    expect(all.replace(/-/g, "")).toBe("0123456789abcdefghjkmnpqrstvwx");
  });

  it("are read as typed: any case, with or without hyphens or spaces, i and l as 1, o as 0", () => {
    const id = newCertificateId();
    const compact = id.replace(/-/g, "");
    expect(normaliseCertificateReference(id)).toBe(id);
    expect(normaliseCertificateReference(compact.toUpperCase())).toBe(id);
    expect(normaliseCertificateReference(` ${compact.match(/.{1,5}/g)!.join(" ")} `)).toBe(id);
    const withZeroAndOne = "01234-56789-abcde-fghjk-mnpqr-stvwx";
    expect(normaliseCertificateReference("OI234-56789-ABCDE-FGHJK-MNPQR-STVWX")).toBe(withZeroAndOne);
    expect(normaliseCertificateReference("o1234-56789-abcde-fghjk-mnpqr-stvwx".replace("1", "l"))).toBe(withZeroAndOne);
  });

  it("keep references issued in the old format verifiable, exactly as issued", () => {
    expect(normaliseCertificateReference("-PvbmcgefKSs_AbCdEfGh12")).toBe("-PvbmcgefKSs_AbCdEfGh12");
  });

  it("refuse what cannot be a reference", () => {
    for (const bad of ["", "short", "<script>", "a/b", "x".repeat(101), "../../etc/passwd", "%00"])
      expect(normaliseCertificateReference(bad)).toBeNull();
    expect(normaliseCertificateReference(undefined)).toBeNull();
  });
});
