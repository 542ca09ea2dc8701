/**
 * The printable certificate: one A4 landscape page drawn with pdf-lib on the server. The words are
 * real text in Noto Sans, embedded as a subset (selectable, searchable, read by screen readers), the
 * verification address is printed, linked and encoded as a QR code (drawn as vector squares), and
 * the document has a title, a language, an author, a subject and keywords. A revoked certificate
 * says so across the page. Fonts and what happens beyond them: docs/decisions/0013.
 */
import { CERTIFICATE_WORDING, certificateSubject, certificateSubjectLabel } from "./certificate-subject.ts";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import * as fontkitModule from "@pdf-lib/fontkit";
import { PDFDocument, PDFName, PDFString, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import QRCode from "qrcode";
import { formatHours, type CertificateFacts } from "./open-badge.ts";
import { formatDate } from "~/utils/dates.ts";

/** What the PDF shows: the certificate's facts (as in the credential) and its current status. */
export type PdfCertificate = CertificateFacts & {
  status: string;
  revokedAt: Date | null;
  revokedReason: string | null;
};

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const BRAND = rgb(0x1d / 255, 0x4f / 255, 0x91 / 255);
const TEXT = rgb(0x1b / 255, 0x1f / 255, 0x24 / 255);
const MUTED = rgb(0x4a / 255, 0x52 / 255, 0x5c / 255);
const ERROR = rgb(0xb3 / 255, 0x26 / 255, 0x1e / 255);

// The package's ES build has only a default export; its CommonJS build (what Node loads in
// production) is module.exports, which Node exposes as `default` too.
const fontkit = (fontkitModule as unknown as { default?: typeof fontkitModule }).default ?? fontkitModule;

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];

/** The parts of fontkit's TrueType subset that the fix below touches (not in its type declarations). */
type TrueTypeSubset = { _addGlyph?: (gid: number) => number; glyf: Uint8Array[]; offset: number };

/**
 * @pdf-lib/fontkit 1.1.1 writes a subset's `loca` table in the short format (offsets halved)
 * without padding glyph records to an even length: after the first odd-length glyph every later
 * glyph is read from the wrong place and most letters come out blank, with no error (pdf-lib
 * issue #1232; fixed upstream in foliojs/fontkit#191). Padding each copied glyph record with a
 * zero byte to an even length, as the TrueType format allows, keeps every offset right.
 */
const subsettingFontkit: Fontkit = {
  create(bytes, postscriptName) {
    const font = fontkit.create(bytes, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset() as unknown as TrueTypeSubset;
      const addGlyph = subset._addGlyph;
      if (addGlyph) {
        subset._addGlyph = function (this: TrueTypeSubset, gid: number) {
          const index = addGlyph.call(this, gid);
          const record = this.glyf[index]!;
          if (record.length % 2 === 1) {
            // fontkit's streams only take its own (bundled) Buffer class, so make the copy with it.
            const padded = (record.constructor as typeof Buffer).alloc(record.length + 1);
            padded.set(record);
            this.glyf[index] = padded;
            this.offset += 1;
          }
          return index;
        };
      }
      return subset as unknown as ReturnType<typeof createSubset>;
    };
    return font as unknown as ReturnType<Fontkit["create"]>;
  },
};

/**
 * Noto Sans (SIL Open Font License) from @expo-google-fonts/noto-sans, read from node_modules at
 * run time rather than bundled: `require.resolve` finds it from this file in development and
 * Vitest, and from the built server bundle in production.
 */
const FONT_FILES = {
  regular: "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf",
  bold: "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf",
} as const;

let fontBytes: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

/** The font files, read once per process (a failed read is retried by the next request). */
export function loadCertificateFonts() {
  fontBytes ??= (async () => {
    const require = createRequire(import.meta.url);
    const [regular, bold] = await Promise.all([readFile(require.resolve(FONT_FILES.regular)), readFile(require.resolve(FONT_FILES.bold))]);
    return { regular: new Uint8Array(regular), bold: new Uint8Array(bold) };
  })().catch((error: unknown) => {
    fontBytes = undefined;
    throw error;
  });
  return fontBytes;
}

/** Shown (in the font) for a character the font cannot draw, everywhere but the holder's name. */
const REPLACEMENT = "\uFFFD";

/**
 * The scripts the certificate draws: Latin (with Vietnamese), Greek and Cyrillic, plus shared
 * punctuation and combining marks. Noto Sans also has Devanagari glyphs, but those need complex
 * shaping, which fontkit's build for pdf-lib cannot do (it throws), so they count as missing.
 */
const DRAWN_SCRIPTS = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}]$/u;

/** The characters of `text` (NFC) that the certificate cannot draw with `font`, each once, in order. */
export function missingCharacters(font: PDFFont, text: string): string[] {
  const supported = new Set(font.getCharacterSet());
  const drawable = (ch: string) => /\s/u.test(ch) || (DRAWN_SCRIPTS.test(ch) && supported.has(ch.codePointAt(0)!));
  return [...new Set(Array.from(text.normalize("NFC")).filter((ch) => !drawable(ch)))];
}

/** `text` with every character the font cannot draw shown as "\uFFFD" (visible, never a silent "?"). */
export function toFontText(font: PDFFont, text: string): string {
  const missing = new Set(missingCharacters(font, text));
  return Array.from(text.normalize("NFC").replace(/\s+/gu, " "))
    .map((ch) => (missing.has(ch) ? REPLACEMENT : ch))
    .join("");
}

const hexCodePoints = (chars: string[]) =>
  chars.map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`).join(" ");

/** Splits a word wider than `width` into pieces that fit (names and titles in scripts without spaces). */
function breakWord(font: PDFFont, word: string, size: number, width: number): string[] {
  const pieces: string[] = [];
  let piece = "";
  for (const ch of Array.from(word)) {
    if (piece && font.widthOfTextAtSize(piece + ch, size) > width) {
      pieces.push(piece);
      piece = ch;
    } else piece += ch;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** Splits `text` into lines no wider than `width`, at spaces (and inside words too long for a line). */
function wrapLines(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    const pieces = breakWord(font, word, size, width);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? "";
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The largest size from `max` down to `min` at which `text` fits in `maxLines` lines of `width`.
 * If even `min` is too big, the last line ends with "…" (only for text far beyond the limits the
 * forms allow; the verification page always has the whole text).
 */
export function fitLines(
  font: PDFFont,
  text: string,
  { max, min, width, maxLines }: { max: number; min: number; width: number; maxLines: number },
) {
  for (let size = max; size >= min; size -= 1) {
    const lines = wrapLines(font, text, size, width);
    if (lines.length <= maxLines) return { size, lines };
  }
  const lines = wrapLines(font, text, min, width);
  const kept = lines.slice(0, maxLines);
  let last = kept.at(-1) ?? "";
  while (last && font.widthOfTextAtSize(`${last}…`, min) > width) last = Array.from(last).slice(0, -1).join("");
  kept[kept.length - 1] = `${last.trimEnd()}…`;
  return { size: min, lines: kept };
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

/** Draws `lines` centred, from baseline `y` downwards; returns the baseline after the last line. */
function centredLines(page: PDFPage, font: PDFFont, lines: string[], y: number, size: number, lineHeight: number, color = TEXT) {
  for (const line of lines) {
    centred(page, font, line, y, size, color);
    y -= lineHeight;
  }
  return y + lineHeight;
}

/** Said in place of a name the font cannot draw (it reads on: "This is to certify that ... has completed"). */
export const NAME_NOT_DRAWABLE = "the person named at the verification address below";

export async function renderCertificatePdf(certificate: PdfCertificate, verifyUrl: string): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(subsettingFontkit);
  const fonts = await loadCertificateFonts();
  // Without `ccmp`, a precomposed letter (ị, ễ) stays one glyph with its own code point: with it,
  // fontkit splits ị into "i" plus a dot, and the PDF's text (copying, screen readers) loses the dot.
  const options = { subset: true, features: { ccmp: false } };
  const regular = await doc.embedFont(fonts.regular, options);
  const bold = await doc.embedFont(fonts.bold, options);

  // The document's properties always carry the exact name and title (PDF text strings are Unicode).
  const revoked = certificate.status === "revoked";
  const kind = certificateSubject(certificate.moduleId).kind;
  const words = CERTIFICATE_WORDING[kind];
  const title = `${words.title}: ${certificate.moduleTitle} – ${certificate.holderName}`;
  doc.setTitle(revoked ? `${title} (revoked)` : title, { showInWindowTitleBar: true });
  doc.setLanguage("en-GB");
  doc.setAuthor(certificate.issuer);
  doc.setSubject(
    `${certificate.holderName} ${words.certifies} ${certificateSubjectLabel(certificate)}. ` +
      `Certificate ${certificate.id}. Check it at ${verifyUrl}`,
  );
  doc.setKeywords(["Pathways", "CPD", "certificate", certificate.id]);
  doc.setCreator(certificate.issuer);
  doc.setProducer("Pathways (pdf-lib)");
  doc.setCreationDate(certificate.issuedAt);
  doc.setModificationDate(certificate.revokedAt ?? certificate.issuedAt);

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

  const issuer = toFontText(bold, certificate.issuer);
  page.drawText(issuer, { x: margin + 20, y: height - margin - 40, size: fitSize(bold, issuer, 22, 12, inner), font: bold, color: BRAND });
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
    const banner = `REVOKED${certificate.revokedAt ? ` on ${formatDate(certificate.revokedAt)}` : ""}: this certificate is no longer valid.`;
    page.drawRectangle({ x: margin + 20, y: height - margin - 97, width: width - 2 * margin - 40, height: 28, color: ERROR });
    centred(page, bold, banner, height - margin - 88, fitSize(bold, banner, 14, 8, inner), rgb(1, 1, 1));
    let below = height - margin - 97;
    if (certificate.revokedReason) {
      const reason = fitLines(regular, toFontText(regular, `Reason: ${certificate.revokedReason}`), {
        max: 10,
        min: 8,
        width: inner,
        maxLines: 2,
      });
      below = centredLines(page, regular, reason.lines, below - 15, reason.size, reason.size + 3, ERROR);
    }
    y = below - 42;
  }
  // The name is drawn exactly or not at all: never with letters dropped or replaced.
  const missing = missingCharacters(bold, certificate.holderName);
  const name =
    missing.length === 0
      ? { font: bold, ...fitLines(bold, toFontText(bold, certificate.holderName), { max: 32, min: 18, width: inner, maxLines: 2 }) }
      : { font: regular, size: 18, lines: [NAME_NOT_DRAWABLE] };
  if (missing.length > 0) {
    // Logged without the name (personal data): the id and the characters are enough to follow up.
    console.warn(
      `[certificates] ${certificate.id}: the PDF cannot draw ${hexCodePoints(missing)} in the holder's name, so it refers to the verification page instead`,
    );
  }
  const moduleTitle = fitLines(bold, toFontText(bold, certificate.moduleTitle), { max: 22, min: 14, width: inner, maxLines: 2 });
  const nameLeading = name.size * 1.15;
  const titleLeading = moduleTitle.size * 1.25;

  // Five gaps between baselines, at least these; space left above the footer widens each (up to 10).
  const gaps = [42, 40, 34, 30, 28];
  const needed = gaps.reduce((a, b) => a + b, 0) + (name.lines.length - 1) * nameLeading + (moduleTitle.lines.length - 1) * titleLeading;
  const lowestDetails = margin + 130; // clear of the footer's first line
  const extra = Math.min(10, Math.max(0, (y - needed - lowestDetails) / gaps.length));
  const [toCertify, toName, toCompleted, toTitle, toDetails] = gaps.map((gap) => gap + extra) as [number, number, number, number, number];

  centred(page, bold, words.title, y, 34, BRAND);
  y -= toCertify;
  centred(page, regular, "This is to certify that", y, 14, MUTED);
  y -= toName;
  y = centredLines(page, name.font, name.lines, y, name.size, nameLeading);
  y -= toCompleted;
  centred(page, regular, words.certifies, y, 14, MUTED);
  y -= toTitle;
  y = centredLines(page, bold, moduleTitle.lines, y, moduleTitle.size, titleLeading);
  y -= toDetails;
  const details = [
    kind === "module" ? `Version ${certificate.versionNumber}` : null,
    `${formatHours(certificate.cpdHours)} of CPD`,
    `${words.completedOn} ${formatDate(certificate.completedAt)}`,
  ]
    .filter(Boolean)
    .join("  ·  ");
  centred(page, regular, details, y, 13);

  // Footer: who issued it and how to check it, with the QR code on the right.
  const qrSize = 104;
  const qrX = width - margin - 20 - qrSize;
  const qrY = margin + 20;
  drawQr(page, verifyUrl, qrX, qrY, qrSize);
  addLink(doc, page, verifyUrl, [qrX, qrY, qrX + qrSize, qrY + qrSize], "Check this certificate online");
  const left = margin + 20;
  const footerWidth = qrX - left - 16;
  const issued = `Issued by ${issuer} on ${formatDate(certificate.issuedAt)}`;
  page.drawText(issued, { x: left, y: margin + 96, size: fitSize(bold, issued, 11, 7, footerWidth), font: bold, color: TEXT });
  page.drawText(`Certificate reference: ${certificate.id}`, { x: left, y: margin + 78, size: 10, font: regular, color: TEXT });
  page.drawText("Check that this certificate is genuine and current at:", {
    x: left,
    y: margin + 56,
    size: 10,
    font: regular,
    color: MUTED,
  });
  const urlSize = fitSize(regular, verifyUrl, 11, 7, footerWidth);
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
