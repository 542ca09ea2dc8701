import { describe, expect, it } from "vitest";
import { parseCertificateReferences } from "./references.ts";

const A = "q0Zb7mJx3kT9vW2yN5pR8sLd";
const B = "E0R_SRRwXn1ox39paAswCvz_";

describe("parseCertificateReferences", () => {
  it("takes ids and verification addresses in any mix, once each, in order", () => {
    const text = `https://pathways.example.org/verify/${A}\n${B}, http://localhost:4420/verify/${A}/status.json\n\n  https://x.example/verify/${B}/?utm=1`;
    expect(parseCertificateReferences(text)).toEqual({ ids: [A, B], unrecognised: [], truncated: false });
  });

  it("lists what it could not read, and stops at the maximum", () => {
    expect(parseCertificateReferences(`hello ${A} https://example.org/certificates/${B} short-id`)).toEqual({
      ids: [A],
      unrecognised: ["hello", `https://example.org/certificates/${B}`, "short-id"],
      truncated: false,
    });
    const many = Array.from({ length: 5 }, (_, i) => `${"x".repeat(20)}${i}`).join(" ");
    expect(parseCertificateReferences(many, 3)).toMatchObject({
      ids: ["x".repeat(20) + "0", "x".repeat(20) + "1", "x".repeat(20) + "2"],
      truncated: true,
    });
  });
});
