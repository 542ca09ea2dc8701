/**
 * A Vite plugin that builds the server's worker threads as entries of the server build, so a
 * worker's file sits next to build/server/index.js (`build/server/markdown-worker.js`) with the
 * modules it shares with the server in common chunks. In development the pools load the
 * TypeScript sources instead (markdown-pool.server.ts).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Output file name (in build/server/) -> source. */
export const SERVER_WORKERS: Record<string, string> = {
  "markdown-worker.js": "app/modules/catalog/markdown-worker.ts",
};

export function serverWorkers(): Plugin {
  let ssrBuild = false;
  return {
    name: "pathways-server-workers",
    apply: "build",
    configResolved(config) {
      ssrBuild = Boolean(config.build.ssr);
    },
    buildStart() {
      if (!ssrBuild) return;
      for (const [fileName, source] of Object.entries(SERVER_WORKERS)) {
        this.emitFile({ type: "chunk", id: path.join(root, source), fileName });
      }
    },
  };
}
