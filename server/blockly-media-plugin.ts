/**
 * A Vite plugin that serves Blockly's media files (node_modules/blockly/media) from the app's own
 * origin at BLOCKLY_MEDIA_PATH: a middleware in development, emitted into the client build
 * (build/client/blockly-media/<version>/…) by `npm run build`. Nothing copied is committed.
 * It also asks the dev server to pre-bundle Blockly (see `config`).
 */
import { promises as fs } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Plugin } from "vite";
import { BLOCKLY_MEDIA_PATH, BLOCKLY_VERSION } from "../app/modules/blocks/blockly-media.ts";

const require = createRequire(import.meta.url);
// blockly's "exports" hide package.json; its main file sits at the package root.
const BLOCKLY_DIR = path.dirname(require.resolve("blockly"));
const MEDIA_DIR = path.join(BLOCKLY_DIR, "media");

const CONTENT_TYPES: Record<string, string> = {
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".gif": "image/gif",
  ".cur": "image/x-icon",
  ".mp3": "audio/mpeg",
};

async function installedVersion(): Promise<string> {
  return (JSON.parse(await fs.readFile(path.join(BLOCKLY_DIR, "package.json"), "utf8")) as { version: string }).version;
}

async function mediaFiles(): Promise<string[]> {
  return (await fs.readdir(MEDIA_DIR)).filter((name) => CONTENT_TYPES[path.extname(name)]);
}

export function blocklyMedia(): Plugin {
  let ssrBuild = false;
  return {
    name: "pathways-blockly-media",
    // Blockly is only imported lazily, so Vite's dev server would find it on the first visit and
    // reload the page; pre-bundling it up front avoids that.
    config: () => ({ optimizeDeps: { include: ["blockly/core", "blockly/msg/en-gb", "jszip"] } }),
    async configResolved(config) {
      ssrBuild = Boolean(config.build.ssr);
      const version = await installedVersion();
      if (version !== BLOCKLY_VERSION) {
        throw new Error(`blockly ${version} is installed but app/modules/blocks/blockly-media.ts says ${BLOCKLY_VERSION}: update it.`);
      }
    },
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        const url = (req.url ?? "").split("?")[0] ?? "";
        if (!url.startsWith(BLOCKLY_MEDIA_PATH)) return next();
        const name = url.slice(BLOCKLY_MEDIA_PATH.length);
        try {
          if (!(await mediaFiles()).includes(name)) return next();
          res.setHeader("Content-Type", CONTENT_TYPES[path.extname(name)]!);
          res.setHeader("Cache-Control", "public, max-age=3600");
          res.end(await fs.readFile(path.join(MEDIA_DIR, name)));
        } catch (error) {
          next(error);
        }
      });
    },
    async generateBundle() {
      if (ssrBuild) return;
      for (const name of await mediaFiles()) {
        this.emitFile({
          type: "asset",
          fileName: `${BLOCKLY_MEDIA_PATH.slice(1)}${name}`,
          source: await fs.readFile(path.join(MEDIA_DIR, name)),
        });
      }
    },
  };
}
