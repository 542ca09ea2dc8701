/**
 * A worker thread of the author-Markdown pool (markdown-pool.server.ts): renders one document at a
 * time with the publishing pipeline, off the request thread. It is started with a memory limit and
 * terminated by the pool when it passes the time limit.
 */
import { posix } from "node:path";
import { parentPort } from "node:worker_threads";
import { renderMarkdown } from "./markdown.server.ts";

export type RenderJob = { id: number; markdown: string; assets: Array<[string, string]> };
export type RenderReply = { id: number; ok: true; html: string; warnings: string[] } | { id: number; ok: false; message: string };

parentPort?.on("message", async (job: RenderJob) => {
  const assets = new Map(job.assets);
  let reply: RenderReply;
  try {
    const result = await renderMarkdown(job.markdown, { resolveAsset: (p) => assets.get(posix.normalize(p)) ?? null });
    reply = { id: job.id, ok: true, html: result.html, warnings: result.warnings };
  } catch (error) {
    reply = { id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});

// Loaded and listening: the pool starts the clock on jobs from here on.
parentPort?.postMessage({ ready: true });
