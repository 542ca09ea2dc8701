/**
 * Where to send someone after an action that names its own destination (e.g. `/sign-in?redirectTo=`).
 * Redirect targets are resolved against the app's origin and refused if the origin differs
 * (docs/decisions/0017-redirect-targets.md).
 */

/** Stands in for the app's origin when the caller does not pass it; never sent to a browser. */
const PLACEHOLDER_ORIGIN = "http://pathways.invalid";

/**
 * Browsers drop tabs and newlines anywhere in a URL and trim controls and spaces at its ends, so
 * `/\t/evil.example` arrives as `//evil.example`. Every control, format and whitespace character
 * (U+3000 included) is removed before the target is looked at; none belongs in a path we link to,
 * and a header value with a newline would make the response itself fail.
 */
const IGNORED = /[\p{Cc}\p{Cf}\p{Z}\s]/gu;

/**
 * A path on this app (`/path?query#hash`) for `target`, or `fallback` when the target is missing,
 * malformed or points anywhere else.
 */
export function safeRedirect(target: unknown, fallback = "/", appOrigin: string = PLACEHOLDER_ORIGIN): string {
  if (typeof target !== "string") return fallback;
  const cleaned = target.replace(IGNORED, "");
  if (cleaned === "") return fallback;
  const origin = new URL(appOrigin).origin;
  let url: URL;
  try {
    url = new URL(cleaned, `${origin}/`);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil.example` resolves to the path `//evil.example`, which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
