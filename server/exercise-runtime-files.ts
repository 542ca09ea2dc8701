/**
 * Where the exercise runtime lives on the app's origin, shared by the Express server
 * (exercise-sandbox.ts) and the Vite plugin that puts the files there (exercise-runtime-plugin.ts).
 * Nothing here is committed as a copy: Pyodide comes from node_modules at build time.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const PYODIDE_VERSION = (require("pyodide/package.json") as { version: string }).version;
/** Versioned, so the files can be cached for ever. */
export const PYODIDE_BASE = `/pyodide/${PYODIDE_VERSION}/`;
export const PYODIDE_DIR = path.dirname(require.resolve("pyodide/package.json"));
/** The runtime files Pyodide loads (nothing else of the package is served). */
export const PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"] as const;
/** The ones Pyodide fetches (the .mjs files are imported): their bytes are counted as they arrive, for the loading progress. */
export const PYODIDE_FETCHED_FILES = ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"] as const;

export const SANDBOX_BASE = "/exercise-sandbox/";
/** The sandbox's script, compiled from app/exercise-sandbox/runner.ts. */
export const SANDBOX_RUNNER = `${SANDBOX_BASE}runner.js`;
export const SANDBOX_RUNNER_SOURCE = fileURLToPath(new URL("../app/exercise-sandbox/runner.ts", import.meta.url));
