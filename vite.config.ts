import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { blocklyMedia } from "./server/blockly-media-plugin.ts";
import { exerciseRuntime } from "./server/exercise-runtime-plugin.ts";
import { serverWorkers } from "./server/server-workers-plugin.ts";

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
    // Worker threads of the server (author Markdown), built next to build/server/index.js.
    serverWorkers(),
  ],
  // Monaco's editor worker (a ?worker import) is split into chunks.
  worker: { format: "es" },
  // Development only. Monaco is imported lazily (app/components/exercises/monaco.client.ts), so the
  // dev server would discover it on the first exercise visit, re-optimise and reload the page: list
  // it up front (keep the list in step with monaco.client.ts), with the two packages the lesson page
  // reaches through certificates/data-integrity.ts. @node-rs/argon2 (server only) is excluded: its
  // browser build cannot be bundled, which made the whole start-up optimisation fail.
  optimizeDeps: {
    exclude: ["@node-rs/argon2"],
    include: [
      "@scure/base",
      "canonicalize",
      "monaco-editor/editor",
      ...[
        "bracketMatching",
        "clipboard",
        "codicon",
        "comment",
        "contextmenu",
        "cursorUndo",
        "find",
        "folding",
        "hover",
        "indentation",
        "linesOperations",
        "multicursor",
        "suggest",
        "toggleTabFocusMode",
        "wordHighlighter",
        "wordOperations",
      ].map((feature) => `monaco-editor/features/${feature}/register`),
      "monaco-editor/languages/definitions/javascript/register",
      "monaco-editor/languages/definitions/python/register",
    ],
  },
});
