/**
 * Tiny but real files for the upload tests (each is recognised by file-type as what it claims to be).
 */

/** A 1×1 PNG. */
export function tinyPng(): Buffer {
  return Buffer.from(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b90000000049454e44ae426082",
    "hex",
  );
}

/** An MP4: an `ftyp` box (brand isom) followed by an `mdat` box of `payloadBytes` bytes. */
export function tinyMp4(payloadBytes = 64): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write("ftypisom", 4, "latin1");
  ftyp.writeUInt32BE(512, 12);
  ftyp.write("isomiso2", 16, "latin1");
  const mdat = Buffer.alloc(8 + payloadBytes);
  mdat.writeUInt32BE(8 + payloadBytes, 0);
  mdat.write("mdat", 4, "latin1");
  for (let i = 8; i < mdat.length; i++) mdat[i] = i % 251;
  return Buffer.concat([ftyp, mdat]);
}

export function tinyVtt(): Buffer {
  return Buffer.from("WEBVTT\n\n00:00.000 --> 00:02.000\nWelcome to the lesson.\n", "utf8");
}

export function tinyPdf(): Buffer {
  return Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "latin1");
}
