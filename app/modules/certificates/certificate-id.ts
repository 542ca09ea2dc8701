/**
 * Certificate references (docs/decisions/0038): 30 characters of lowercase Crockford base32
 * (150 random bits) in six groups of five, e.g. `7k2mq-0x9fd-...`, which a person can read aloud
 * and type. Typed references are read case-insensitively, with or without hyphens or spaces, and
 * with Crockford's confusable letters (i and l read as 1, o as 0). References issued before this
 * format (24 base64url characters, case-sensitive) are still accepted exactly as issued.
 * Pure: no I/O beyond the platform's random number generator.
 */

/** Crockford's alphabet, lowercase: digits and letters without i, l, o and u. */
export const CROCKFORD_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const GROUPS = 6;
const GROUP_LENGTH = 5;
const LENGTH = GROUPS * GROUP_LENGTH; // 30 characters x 5 bits = 150 bits

const NEW_FORMAT = new RegExp(`^[${CROCKFORD_ALPHABET}]{${LENGTH}}$`);
/** References issued before ADR 0036: base64url, case-sensitive. */
const LEGACY_FORMAT = /^[A-Za-z0-9_-]{16,64}$/;

function group(compact: string): string {
  const parts: string[] = [];
  for (let i = 0; i < compact.length; i += GROUP_LENGTH) parts.push(compact.slice(i, i + GROUP_LENGTH));
  return parts.join("-");
}

/** A new certificate reference: the one generator every issue (and reissue) goes through. */
export function newCertificateId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  // 5 bits per character from 8 random bits each, without bias: 256 is a multiple of 32.
  const bytes = random(new Uint8Array(LENGTH));
  let compact = "";
  for (const byte of bytes) compact += CROCKFORD_ALPHABET[byte % 32];
  return group(compact);
}

/**
 * The stored form of a reference as someone typed or pasted it, or null when it cannot be one
 * (then nothing is looked up). New-format references come back lowercase and grouped.
 */
export function normaliseCertificateReference(input: string | undefined | null): string | null {
  if (typeof input !== "string" || input.length > 100) return null;
  const trimmed = input.trim();
  const compact = trimmed.toLowerCase().replace(/[\s-]/g, "").replace(/[il]/g, "1").replace(/o/g, "0");
  if (NEW_FORMAT.test(compact)) return group(compact);
  return LEGACY_FORMAT.test(trimmed) ? trimmed : null;
}

/** Whether `id` could be a certificate reference at all (malformed ones are never looked up). */
export function isCertificateId(id: string | undefined): id is string {
  return normaliseCertificateReference(id) !== null;
}
