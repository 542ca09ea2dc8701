/**
 * A Vite plugin that serves the exercise runtime from the app's own origin (schools block CDNs):
 * - Pyodide's runtime files from node_modules/pyodide at /pyodide/<version>/…
 * - the sandbox script, app/exercise-sandbox/runner.ts compiled to /exercise-sandbox/runner.js.
 * In development a middleware serves them; in the client build they are emitted into the output
 * (build/client/…), so nothing copied is ever committed and a fresh clone builds them itself.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { transformWithEsbuild, type Plugin } from "vite";
import { PYODIDE_BASE, PYODIDE_DIR, PYODIDE_FILES, SANDBOX_RUNNER, SANDBOX_RUNNER_SOURCE } from "./exercise-runtime-files.ts";

const CONTENT_TYPES: Record<string, string> = {
  ".mjs": "text/javascript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
  ".json": "application/json; charset=utf-8",
};

/** The sandbox script as plain JavaScript (it has no imports, so a transform is enough). */
async function compileRunner(minify: boolean): Promise<string> {
  const source = await fs.readFile(SANDBOX_RUNNER_SOURCE, "utf8");
  const result = await transformWithEsbuild(source, SANDBOX_RUNNER_SOURCE, { loader: "ts", format: "iife", target: "es2022", minify });
  return result.code;
}

export function exerciseRuntime(): Plugin {
  let ssrBuild = false;
  return {
    name: "pathways-exercise-runtime",
    configResolved(config) {
      ssrBuild = Boolean(config.build.ssr);
    },
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        const url = (req.url ?? "").split("?")[0] ?? "";
        try {
          if (url === SANDBOX_RUNNER) {
            res.setHeader("Content-Type", CONTENT_TYPES[".js"]!);
            res.setHeader("Cache-Control", "no-cache");
            res.end(await compileRunner(false));
            return;
          }
          if (url.startsWith(PYODIDE_BASE)) {
            const name = url.slice(PYODIDE_BASE.length);
            if (!(PYODIDE_FILES as readonly string[]).includes(name)) return next();
            res.setHeader("Content-Type", CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream");
            res.setHeader("Cache-Control", "public, max-age=3600");
            res.end(await fs.readFile(path.join(PYODIDE_DIR, name)));
            return;
          }
        } catch (error) {
          return next(error);
        }
        next();
      });
    },
    async generateBundle() {
      if (ssrBuild) return;
      this.emitFile({ type: "asset", fileName: SANDBOX_RUNNER.slice(1), source: await compileRunner(true) });
      for (const name of PYODIDE_FILES) {
        this.emitFile({
          type: "asset",
          fileName: `${PYODIDE_BASE.slice(1)}${name}`,
          source: await fs.readFile(path.join(PYODIDE_DIR, name)),
        });
      }
    },
  };
}
