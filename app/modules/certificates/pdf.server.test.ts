import zlib from "node:zlib";
import { PDFDocument, PDFName, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { renderCertificatePdf, toFontText } from "./pdf.server.ts";

const certificate = {
  id: "q0Zb7mJx3kT9vW2yN5pR8sLd",
  holderName: "Zoë Ó Briain",
  moduleTitle: "Spotting bias in the computing classroom",
  versionNumber: 2,
  cpdHours: 1.5,
  completedAt: new Date("2026-02-03T16:20:00Z"),
  issuedAt: new Date("2026-02-04T09:00:00Z"),
  issuer: "Pathways",
  status: "valid",
  revokedAt: null,
  revokedReason: null,
};
const URL_ = "https://pathways.example.org/verify/q0Zb7mJx3kT9vW2yN5pR8sLd";

/** Every text string drawn on the page (the standard fonts write text as hex strings). */
function drawnText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString("latin1");
  const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
    const body = Buffer.from(m[1]!, "latin1");
    try {
      return zlib.inflateSync(body).toString("latin1");
    } catch {
      return body.toString("latin1");
    }
  });
  return streams
    .flatMap((s) => [...s.matchAll(/<([0-9A-Fa-f]+)> Tj/g)].map((m) => Buffer.from(m[1]!, "hex").toString("latin1")))
    .join("\n");
}

describe("renderCertificatePdf", () => {
  it("is one A4 landscape page of real text with a title, a language and the verification address", async () => {
    const bytes = await renderCertificatePdf(certificate, URL_);
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([842, 595]);
    expect(doc.getTitle()).toBe("Certificate of completion: Spotting bias in the computing classroom – Zoë Ó Briain");
    expect(doc.catalog.get(PDFName.of("Lang"))?.toString()).toBe("(en-GB)");
    expect(doc.getSubject()).toContain(URL_);

    const text = drawnText(bytes);
    for (const expected of [
      "Certificate of completion",
      "Zoë Ó Briain",
      certificate.moduleTitle,
      "Completed on 3 February 2026",
      "1.5 hours of CPD",
      "Version 2",
      URL_,
      certificate.id,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("REVOKED");
    // The QR code is drawn as squares, and the address is also a link.
    expect(Buffer.from(bytes).toString("latin1")).toContain(`/URI (${URL_})`);
  });

  it("says across the page when the certificate has been revoked", async () => {
    const bytes = await renderCertificatePdf(
      { ...certificate, status: "revoked", revokedAt: new Date("2026-03-01T10:00:00Z"), revokedReason: "Issued in error" },
      URL_,
    );
    const text = drawnText(bytes);
    expect(text).toContain("REVOKED on 1 March 2026: this certificate is no longer valid.");
    expect(text).toContain("Reason: Issued in error");
    expect((await PDFDocument.load(bytes)).getTitle()).toMatch(/\(revoked\)$/);
  });

  it("keeps names the standard fonts cannot draw readable", async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    expect(toFontText(font, "Zoë Łukasiewicz-Dvořák")).toBe("Zoë Lukasiewicz-Dvorák");
    expect(toFontText(font, "李小龍")).toBe("???");
  });
});
