import crypto from "node:crypto";

/** 256 bits of randomness, URL-safe. Used for session and password-reset tokens. */
export function generateToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** Tokens are stored only as their SHA-256 hash: a leaked database gives no working token. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
