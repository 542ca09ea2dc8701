import { describe, expect, it } from "vitest";
import { certificateShareLinks } from "./share-links.ts";

describe("certificate share links", () => {
  it("fill LinkedIn's add-to-profile form with the name, issuer, month in London, reference and the page to check it", () => {
    const links = certificateShareLinks("https://pathways.example.org/", {
      id: "abcde-fghjk-mnpqr-stvwx-yz012-34567",
      moduleTitle: "Code Like a Pro – Scratch & more",
      issuedAt: "2026-08-31T23:30:00Z", // already 1 September in London
    });
    expect(links.verifyUrl).toBe("https://pathways.example.org/verify/abcde-fghjk-mnpqr-stvwx-yz012-34567");
    expect(links.pdfPath).toBe("/certificates/abcde-fghjk-mnpqr-stvwx-yz012-34567/certificate.pdf");
    const url = new URL(links.linkedInUrl);
    expect(url.origin + url.pathname).toBe("https://www.linkedin.com/profile/add");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: "CERTIFICATION_NAME",
      name: "Code Like a Pro – Scratch & more",
      organizationName: "Pathways",
      issueYear: "2026",
      issueMonth: "9",
      certUrl: links.verifyUrl,
      certId: "abcde-fghjk-mnpqr-stvwx-yz012-34567",
    });
  });
});
