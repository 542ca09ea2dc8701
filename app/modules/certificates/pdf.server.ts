/**
 * The printable certificate: one A4 landscape page drawn with pdf-lib on the server. The words are
 * real text (selectable, read by screen readers and search), the verification address is printed,
 * linked and encoded as a QR code (drawn as vector squares), and the document has a title and a
 * language. A revoked certificate says so across the page.
 */
import { PDFDocument, PDFName, PDFString, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import QRCode from "qrcode";
import { formatHours, type CertificateFacts } from "./open-badge.ts";

/** What the PDF shows: the certificate's facts (as in the credential) and its current status. */
export type PdfCertificate = Omit<CertificateFacts, "moduleId"> & {
  status: string;
  revokedAt: Date | null;
  revokedReason: string | null;
};

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const BRAND = rgb(0x1d / 255, 0x4f / 255, 0x91 / 255);
const TEXT = rgb(0x1b / 255, 0x1f / 255, 0x24 / 255);
const MUTED = rgb(0x4a / 255, 0x52 / 255, 0x5c / 255);
const ERROR = rgb(0xb3 / 255, 0x26 / 255, 0x1e / 255);

export const pdfDate = (d: Date) =>
  d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });

/** Latin letters that do not decompose into a base letter and an accent. */
const PLAIN_LETTERS: Record<string, string> = { Ł: "L", ł: "l", Đ: "D", đ: "d", Ħ: "H", ħ: "h", ı: "i", Ŀ: "L", ŀ: "l", Ŧ: "T", ŧ: "t" };

/**
 * The standard PDF fonts cover Windows-1252 only (no Unicode font is bundled: that needs
 * @pdf-lib/fontkit). Other Latin letters lose their accents and anything else becomes "?"; the
 * web pages and the credential always keep the exact name.
 */
export function toFontText(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return Array.from(text.normalize("NFC"))
    .map((ch) => {
      if (supported.has(ch.codePointAt(0)!)) return ch;
      const plain = PLAIN_LETTERS[ch] ?? ch.normalize("NFD").replace(/\p{M}/gu, "");
      return Array.from(plain).every((c) => supported.has(c.codePointAt(0)!)) && plain ? plain : "?";
    })
    .join("");
}

/** Splits `text` into at most `maxLines` lines no wider than `width` (the last one shortened with "…"). */
function wrap(font: PDFFont, text: string, size: number, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last && font.widthOfTextAtSize(`${last}…`, size) > width) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}

/** The largest size (down to `min`) at which `text` fits in `width`. */
function fitSize(font: PDFFont, text: string, max: number, min: number, width: number) {
  let size = max;
  while (size > min && font.widthOfTextAtSize(text, size) > width) size -= 1;
  return size;
}

function centred(page: PDFPage, font: PDFFont, text: string, y: number, size: number, color = TEXT) {
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (page.getWidth() - width) / 2, y, size, font, color });
}

function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const count = qr.modules.size;
  const quiet = 2;
  const cell = size / (count + quiet * 2);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (!qr.modules.get(row, col)) continue;
      page.drawRectangle({
        x: x + (col + quiet) * cell,
        y: y + size - (row + quiet + 1) * cell,
        width: cell,
        height: cell,
        color: rgb(0, 0, 0),
      });
    }
  }
}

/** A clickable link over a rectangle of the page (with a description for assistive technology). */
function addLink(doc: PDFDocument, page: PDFPage, url: string, rect: [number, number, number, number], description: string) {
  const annotation = doc.context.register(
    doc.context.obj({
      Type: "Annot",
      Subtype: "Link",
      Rect: rect,
      Border: [0, 0, 0],
      Contents: PDFString.of(description),
      A: { Type: "Action", S: "URI", URI: PDFString.of(url) },
    }),
  );
  page.node.set(PDFName.of("Annots"), doc.context.obj([annotation]));
}

export async function renderCertificatePdf(certificate: PdfCertificate, verifyUrl: string): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  const revoked = certificate.status === "revoked";
  const title = `Certificate of completion: ${certificate.moduleTitle} – ${certificate.holderName}`;
  doc.setTitle(revoked ? `${title} (revoked)` : title, { showInWindowTitleBar: true });
  doc.setLanguage("en-GB");
  doc.setAuthor(certificate.issuer);
  doc.setSubject(`Certificate ${certificate.id}. Check it at ${verifyUrl}`);
  doc.setKeywords(["Pathways", "CPD", "certificate", certificate.id]);
  doc.setCreator(certificate.issuer);
  doc.setProducer("Pathways (pdf-lib)");
  doc.setCreationDate(certificate.issuedAt);
  doc.setModificationDate(certificate.revokedAt ?? certificate.issuedAt);

  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage(A4_LANDSCAPE);
  const { width, height } = page.getSize();
  const margin = 36;
  const inner = width - 2 * margin - 60;

  page.drawRectangle({ x: margin / 2, y: margin / 2, width: width - margin, height: height - margin, borderColor: BRAND, borderWidth: 4 });
  page.drawRectangle({
    x: margin - 6,
    y: margin - 6,
    width: width - 2 * margin + 12,
    height: height - 2 * margin + 12,
    borderColor: BRAND,
    borderWidth: 1,
  });

  page.drawText(certificate.issuer, { x: margin + 20, y: height - margin - 40, size: 22, font: bold, color: BRAND });
  page.drawText("Continuing professional development for teachers", {
    x: margin + 20,
    y: height - margin - 58,
    size: 10,
    font: regular,
    color: MUTED,
  });

  let y = height - 150;
  if (revoked) {
    // Across the top, before anything else: this certificate no longer counts.
    const banner = `REVOKED${certificate.revokedAt ? ` on ${pdfDate(certificate.revokedAt)}` : ""}: this certificate is no longer valid.`;
    page.drawRectangle({ x: margin + 20, y: height - margin - 97, width: width - 2 * margin - 40, height: 28, color: ERROR });
    centred(page, bold, banner, height - margin - 88, fitSize(bold, banner, 14, 8, inner), rgb(1, 1, 1));
    if (certificate.revokedReason) {
      const reason = wrap(regular, toFontText(regular, `Reason: ${certificate.revokedReason}`), 10, inner, 1)[0]!;
      centred(page, regular, reason, height - margin - 112, 10, ERROR);
    }
    y -= 36;
  }
  centred(page, bold, "Certificate of completion", y, 34, BRAND);
  y -= 44;
  centred(page, regular, "This is to certify that", y, 14, MUTED);
  y -= 40;
  const name = toFontText(bold, certificate.holderName);
  centred(page, bold, name, y, fitSize(bold, name, 32, 14, inner));
  y -= 34;
  centred(page, regular, "has completed the CPD module", y, 14, MUTED);
  y -= 32;
  const moduleLines = wrap(bold, toFontText(bold, certificate.moduleTitle), 22, inner, 2);
  for (const line of moduleLines) {
    centred(page, bold, line, y, 22);
    y -= 28;
  }
  y -= 4;
  const details = `Version ${certificate.versionNumber}  ·  ${formatHours(certificate.cpdHours)} of CPD  ·  Completed on ${pdfDate(certificate.completedAt)}`;
  centred(page, regular, details, y, 13);

  // Footer: who issued it and how to check it, with the QR code on the right.
  const qrSize = 104;
  const qrX = width - margin - 20 - qrSize;
  const qrY = margin + 20;
  drawQr(page, verifyUrl, qrX, qrY, qrSize);
  addLink(doc, page, verifyUrl, [qrX, qrY, qrX + qrSize, qrY + qrSize], "Check this certificate online");
  const left = margin + 20;
  page.drawText(`Issued by ${certificate.issuer} on ${pdfDate(certificate.issuedAt)}`, {
    x: left,
    y: margin + 96,
    size: 11,
    font: bold,
    color: TEXT,
  });
  page.drawText(`Certificate reference: ${certificate.id}`, { x: left, y: margin + 78, size: 10, font: regular, color: TEXT });
  page.drawText("Check that this certificate is genuine and current at:", {
    x: left,
    y: margin + 56,
    size: 10,
    font: regular,
    color: MUTED,
  });
  const urlSize = fitSize(regular, verifyUrl, 11, 7, qrX - left - 16);
  page.drawText(verifyUrl, { x: left, y: margin + 40, size: urlSize, font: regular, color: BRAND });
  page.drawText("or scan the code. No account is needed.", { x: left, y: margin + 24, size: 10, font: regular, color: MUTED });
  page.drawText("Scan to verify", {
    x: qrX + (qrSize - regular.widthOfTextAtSize("Scan to verify", 9)) / 2,
    y: qrY - 12,
    size: 9,
    font: regular,
    color: MUTED,
  });

  // Plain objects rather than object streams: older readers and simple tools can read it.
  return new Uint8Array(await doc.save({ useObjectStreams: false }));
}
