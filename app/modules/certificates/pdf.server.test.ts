import * as fontkitModule from "@pdf-lib/fontkit";
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from "pdf-lib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fitLines, loadCertificateFonts, NAME_NOT_DRAWABLE, renderCertificatePdf, toFontText } from "./pdf.server.ts";

const certificate = {
  id: "q0Zb7mJx3kT9vW2yN5pR8sLd",
  holderName: "Zoë Ó Briain",
  moduleId: "spotting-bias",
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

const fontkit = (fontkitModule as unknown as { default?: typeof fontkitModule }).default ?? fontkitModule;

const decoded = (doc: PDFDocument, object: PDFObject | undefined) => {
  const stream = object instanceof PDFRef ? doc.context.lookup(object) : object;
  if (!(stream instanceof PDFRawStream)) throw new Error("expected a stream");
  return decodePDFRawStream(stream).decode();
};

/** The page's fonts: resource name -> the embedded font, its ToUnicode map (glyph id -> text) and its font file. */
function pageFonts(doc: PDFDocument) {
  const resources = doc.getPage(0).node.Resources()!.lookup(PDFName.of("Font"), PDFDict);
  return new Map(
    resources.entries().map(([name, ref]) => {
      const font = doc.context.lookup(ref, PDFDict);
      const cmap = Buffer.from(decoded(doc, font.get(PDFName.of("ToUnicode")))).toString("latin1");
      const toUnicode = new Map(
        [...cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]+)>/gi)].map(([, gid, utf16]) => [
          gid!.toLowerCase(),
          Buffer.from(utf16!, "hex").swap16().toString("utf16le"),
        ]),
      );
      const descendant = doc.context.lookup(font.lookup(PDFName.of("DescendantFonts"), PDFArray).get(0), PDFDict);
      const descriptor = descendant.lookup(PDFName.of("FontDescriptor"), PDFDict);
      const fontFile = decoded(doc, descriptor.get(PDFName.of("FontFile2")));
      return [name.asString(), { baseFont: font.get(PDFName.of("BaseFont"))!.toString(), toUnicode, fontFile }] as const;
    }),
  );
}

/**
 * The text a reader extracts (as pdftotext would): every string drawn on the page, mapped back to
 * Unicode through its font's ToUnicode table, one string a line.
 */
async function extractText(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const fonts = pageFonts(doc);
  const contents = doc.getPage(0).node.Contents()!;
  const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
  const content = streams.map((s) => Buffer.from(decoded(doc, s)).toString("latin1")).join("\n");
  const lines: string[] = [];
  let font: ReturnType<typeof fonts.get>;
  for (const [, fontName, hex] of content.matchAll(/(\/\S+) [\d.]+ Tf|<([0-9A-Fa-f]*)> Tj/g)) {
    if (fontName) font = fonts.get(fontName);
    else lines.push((hex!.match(/.{4}/g) ?? []).map((gid) => font!.toUnicode.get(gid.toLowerCase()) ?? "[unmapped]").join(""));
  }
  return lines.join("\n");
}

afterEach(() => vi.restoreAllMocks());

describe("renderCertificatePdf", () => {
  it("says 'certificate of attendance' for a live event, without a version", async () => {
    const attendance = { ...certificate, moduleId: "event:ks2-physical-computing", moduleTitle: "Physical computing in KS2", cpdHours: 4 };
    const bytes = await renderCertificatePdf(attendance, URL_);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getTitle()).toBe("Certificate of attendance: Physical computing in KS2 – Zoë Ó Briain");
    const text = await extractText(bytes);
    for (const expected of [
      "Certificate of attendance",
      "attended the live CPD event",
      "Physical computing in KS2",
      "4 hours of CPD",
      "Last attended on 3 February 2026",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("Version");
    expect(text).not.toContain("completed");
  });

  it("is one A4 landscape page of real text with a title, a language, metadata and the verification address", async () => {
    const bytes = await renderCertificatePdf(certificate, URL_);
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([842, 595]);
    expect(doc.getTitle()).toBe("Certificate of completion: Spotting bias in the computing classroom – Zoë Ó Briain");
    expect(doc.catalog.get(PDFName.of("Lang"))?.toString()).toBe("(en-GB)");
    expect(doc.getAuthor()).toBe("Pathways");
    expect(doc.getSubject()).toBe(
      `Zoë Ó Briain has completed the CPD module Spotting bias in the computing classroom (version 2). Certificate ${certificate.id}. Check it at ${URL_}`,
    );
    expect(doc.getKeywords()).toBe(`Pathways CPD certificate ${certificate.id}`);

    const text = await extractText(bytes);
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

  it("embeds Noto Sans as small subsets whose glyphs all survive subsetting", async () => {
    const bytes = await renderCertificatePdf({ ...certificate, holderName: "Łukasz Żółć" }, URL_);
    expect(bytes.length).toBeLessThan(60_000);
    // pdf-lib names the same font once per drawText: one of each is enough.
    const fonts = [...new Map([...pageFonts(await PDFDocument.load(bytes)).values()].map((f) => [f.baseFont, f])).values()];
    expect(fonts.map((f) => f.baseFont).sort()).toEqual([
      expect.stringMatching(/^\/NotoSans-Bold/),
      expect.stringMatching(/^\/NotoSans-Regular/),
    ]);
    for (const { fontFile, toUnicode } of fonts) {
      // @pdf-lib/fontkit 1.1.1 used to write subsets in which most glyphs had no outline (see pdf.server.ts).
      const subset = fontkit.create(fontFile);
      for (const [gid, text] of toUnicode) {
        if (/^\s$/.test(text)) continue;
        expect(subset.getGlyph(parseInt(gid, 16)).path.bbox.width, `the glyph for "${text}"`).toBeGreaterThan(0);
      }
    }
  });

  it("prints names in Latin, Greek, Cyrillic and Vietnamese exactly", async () => {
    for (const holderName of ["Łukasz Żółć", "Ζωή Παπαδοπούλου", "Иван Петров", "Nguyễn Thị Minh Khai", "Zoë Ó Briain-Dvořák"]) {
      const text = await extractText(await renderCertificatePdf({ ...certificate, holderName }, URL_));
      expect(text.split("\n"), holderName).toContain(holderName);
    }
    // Decomposed input (as some keyboards type it) comes out as the same letters.
    const decomposed = "Nguyễn Thị".normalize("NFD");
    expect((await extractText(await renderCertificatePdf({ ...certificate, holderName: decomposed }, URL_))).split("\n")).toContain(
      "Nguyễn Thị",
    );
  });

  it("refers to the verification page instead of printing a name it cannot draw, and keeps the exact name in the properties", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const holderName of ["李小龍", "محمد علي", "देवनागरी नाम", "Anna 李"]) {
      const bytes = await renderCertificatePdf({ ...certificate, holderName }, URL_);
      const text = await extractText(bytes);
      expect(text).toContain(`This is to certify that\n${NAME_NOT_DRAWABLE}\nhas completed the CPD module`);
      expect(text).not.toMatch(/[?\uFFFD]|\[unmapped\]/);
      expect((await PDFDocument.load(bytes)).getTitle()).toContain(holderName);
    }
    expect(warn).toHaveBeenCalledTimes(4);
    expect(warn.mock.calls[0]![0]).toContain("U+674E U+5C0F U+9F8D");
    expect(warn.mock.calls.flat().join(" ")).not.toMatch(/李|محمد|देव/);
  });

  it("fits long names and module titles on the page by shrinking and wrapping them", async () => {
    const holderName = "Maximiliana Alexandra Konstantinopoulou-Featherstonehaugh Wolfeschlegelsteinhausenbergerdorff";
    const moduleTitle = "Teaching computing to mixed-attainment classes: algorithms, programming, data, networks and ethics";
    const bytes = await renderCertificatePdf(
      {
        ...certificate,
        holderName,
        moduleTitle,
        status: "revoked",
        revokedAt: new Date("2026-03-01T10:00:00Z"),
        revokedReason: "x ".repeat(150),
      },
      URL_,
    );
    const text = await extractText(bytes);
    expect(text).toContain("Maximiliana Alexandra Konstantinopoulou-Featherstonehaugh\nWolfeschlegelsteinhausenbergerdorff");
    expect(text).toContain("Teaching computing to mixed-attainment classes: algorithms,\nprogramming, data, networks and ethics");

    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const bold = await doc.embedFont((await loadCertificateFonts()).bold);
    const fitted = fitLines(bold, holderName, { max: 32, min: 18, width: 500, maxLines: 2 });
    expect(fitted.lines).toHaveLength(2);
    for (const line of fitted.lines) expect(bold.widthOfTextAtSize(line, fitted.size)).toBeLessThanOrEqual(500);
    // A single word too long for a line is broken inside; text beyond every limit ends with "…".
    const word = fitLines(bold, "W".repeat(80), { max: 20, min: 20, width: 300, maxLines: 2 });
    expect(word.lines).toHaveLength(2);
    expect(word.lines[1]).toMatch(/…$/);
  });

  it("says across the page when the certificate has been revoked", async () => {
    const bytes = await renderCertificatePdf(
      { ...certificate, status: "revoked", revokedAt: new Date("2026-03-01T10:00:00Z"), revokedReason: "Issued in error" },
      URL_,
    );
    const text = await extractText(bytes);
    expect(text).toContain("REVOKED on 1 March 2026: this certificate is no longer valid.");
    expect(text).toContain("Reason: Issued in error");
    expect((await PDFDocument.load(bytes)).getTitle()).toMatch(/\(revoked\)$/);
  });
});

describe("fonts", () => {
  it("are read once per process", async () => {
    expect(loadCertificateFonts()).toBe(loadCertificateFonts());
    const { regular, bold } = await loadCertificateFonts();
    expect(regular.length).toBeGreaterThan(100_000);
    expect(bold.length).toBeGreaterThan(100_000);
  });

  it("show a character they cannot draw as a visible replacement, never as a silent '?'", async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont((await loadCertificateFonts()).regular);
    expect(toFontText(font, "Zoë Łukasiewicz-Dvořák")).toBe("Zoë Łukasiewicz-Dvořák");
    expect(toFontText(font, "Bias 偏見")).toBe("Bias \uFFFD\uFFFD");
  });
});
