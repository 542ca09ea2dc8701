/**
 * The sandbox that learner code runs in (docs/decisions/0009-exercise-sandbox.md): a page at
 * /exercise-sandbox/<language>.html, loaded by exercise pages in an <iframe sandbox="allow-scripts">
 * so it has an opaque origin (no cookies, no storage, no access to the app's pages), with its own
 * CSP. Its script starts a Worker from a blob: URL for each run (for JavaScript on a cross-origin
 * isolated page, a small Worker that then imports the program's blob: URL; docs/decisions/0014).
 *
 * Because the iframe's origin is opaque, everything it loads from the app is cross-origin to it, so
 * these paths, and only these, carry `Cross-Origin-Resource-Policy: cross-origin`; the Pyodide files
 * also carry `Access-Control-Allow-Origin: *` (module imports and fetches from the Python worker).
 * Every other response keeps helmet's headers untouched.
 */
import fs from "node:fs";
import path from "node:path";
import type { NextFunction, Request, Response } from "express";
import { CODE_LANGUAGES, type CodeLanguage } from "../app/modules/exercises/harness.ts";
import { PYODIDE_BASE, PYODIDE_DIR, PYODIDE_FETCHED_FILES, SANDBOX_BASE, SANDBOX_RUNNER } from "./exercise-runtime-files.ts";

let pyodideBytes: number | undefined;
/**
 * How many bytes Python's loading fetches (decoded, as the sandbox counts them: the responses may be
 * compressed, so Content-Length cannot say). Shown as "Loading Python: 4.1 of 12.3 MB".
 */
export function pyodideFetchedBytes(): number {
  pyodideBytes ??= PYODIDE_FETCHED_FILES.reduce((total, name) => total + fs.statSync(path.join(PYODIDE_DIR, name)).size, 0);
  return pyodideBytes;
}

/** The sandbox page's policy: its one script, blob: workers, and for Python only the Pyodide files and WebAssembly. */
export function sandboxCsp(language: CodeLanguage, origin: string): string {
  const python = language === "python";
  const pyodide = `${origin}${PYODIDE_BASE}`;
  return [
    "default-src 'none'",
    // JavaScript: blob: so that a Worker can importScripts() the program it was handed after its
    // shared memory (interactive prompt(), docs/decisions/0014). Only the runner makes blobs here.
    `script-src ${origin}${SANDBOX_RUNNER}${python ? ` ${pyodide} 'wasm-unsafe-eval'` : " blob:"}`,
    "worker-src blob:",
    `connect-src ${python ? pyodide : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${origin}`,
  ].join("; ");
}

export function sandboxPage(language: CodeLanguage): string {
  return `<!doctype html>
<html lang="en-GB" data-language="${language}" data-pyodide="${PYODIDE_BASE}"${language === "python" ? ` data-pyodide-bytes="${pyodideFetchedBytes()}"` : ""}>
<head><meta charset="utf-8"><title>Pathways code runner (${language})</title></head>
<body><script src="${SANDBOX_RUNNER}"></script></body>
</html>
`;
}

function requestOrigin(req: Request, appOrigin: string | undefined): string {
  return appOrigin ? new URL(appOrigin).origin : `${req.protocol}://${req.get("host") ?? "localhost"}`;
}

/** Headers for the runtime paths, and the sandbox pages themselves. Mount after helmet. */
export function exerciseSandbox(appOrigin: string | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith(PYODIDE_BASE)) {
      res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
      res.setHeader("Access-Control-Allow-Origin", "*");
      return next();
    }
    if (!req.path.startsWith(SANDBOX_BASE)) return next();
    res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    const page = /^\/exercise-sandbox\/([a-z]+)\.html$/.exec(req.path);
    if (!page || (req.method !== "GET" && req.method !== "HEAD")) return next();
    const language = page[1] as CodeLanguage;
    if (!CODE_LANGUAGES.includes(language)) return next();
    res.setHeader("Content-Security-Policy", sandboxCsp(language, requestOrigin(req, appOrigin)));
    res.setHeader("Cache-Control", "no-cache");
    res.type("html").send(sandboxPage(language));
  };
}
