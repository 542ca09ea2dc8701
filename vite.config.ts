import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { blocklyMedia } from "./server/blockly-media-plugin.ts";
import { exerciseRuntime } from "./server/exercise-runtime-plugin.ts";

// vite.config.ts replaces the legacy remix.config.js (docs/decisions/0001-remix-on-vite.md).
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  plugins: [
    remix({
      // BUILD_DIR lets two builds coexist on one machine (e.g. parallel test runs); default build/.
      buildDirectory: process.env.BUILD_DIR ?? "build",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
    // Pyodide and the code-exercise sandbox script, served from our own origin (dev and build).
    exerciseRuntime(),
    // Blockly's media files (block exercises), served from our own origin (dev and build).
    blocklyMedia(),
  ],
  // Monaco's editor worker (a ?worker import) is split into chunks.
  worker: { format: "es" },
});
