import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { blocklyMedia } from "./server/blockly-media-plugin.ts";
import { exerciseRuntime } from "./server/exercise-runtime-plugin.ts";
import { serverWorkers } from "./server/server-workers-plugin.ts";

/**
 * Packages only the server uses (package.json "dependencies"). None may be bundled for the browser:
 * @node-rs/argon2's browser build cannot be bundled at all, and better-sqlite3 is a native module.
 */
const SERVER_ONLY_PACKAGES = [
  "@jitl/quickjs-wasmfile-release-sync",
  "@node-rs/argon2",
  "@pdf-lib/fontkit",
  "@prisma/adapter-better-sqlite3",
  "@prisma/client",
  "@remix-run/express",
  "@remix-run/node",
  "@remix-run/serve",
  "@tus/file-store",
  "@tus/server",
  "better-sqlite3",
  "compression",
  "express",
  "file-type",
  "hast-util-to-string",
  "helmet",
  "isbot",
  "lucia",
  "nodemailer",
  "pdf-lib",
  "qrcode",
  "quickjs-emscripten-core",
  "rehype-highlight",
  "rehype-sanitize",
  "rehype-stringify",
  "remark-gfm",
  "remark-parse",
  "remark-rehype",
  "tar",
  "unified",
  "unist-util-visit",
];

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
  // Development only: the browser's dependencies are pre-bundled once, at start-up, so a first visit
  // never makes Vite re-optimise and reload the page (which also mixed two React copies: "Invalid
  // hook call"). Remix's dev server transforms whole route modules for the client to find their CSS,
  // server imports included, so server-only packages would be "discovered" for the browser on the
  // first page: they are excluded (never bundled for the browser), and what the browser does load is
  // listed below. Monaco and Blockly are imported lazily, so they are listed too (keep the Monaco list
  // in step with monaco.client.ts). docs/decisions/0039.
  optimizeDeps: {
    exclude: SERVER_ONLY_PACKAGES,
    include: [
      "@conform-to/react",
      "@conform-to/zod/v4",
      "zod",
      "@scure/base",
      "canonicalize",
      "yaml",
      "diff",
      "jszip",
      "tus-js-client",
      "@dnd-kit/core",
      "@dnd-kit/sortable",
      "@dnd-kit/utilities",
      "blockly/core",
      "blockly/msg/en-gb",
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
