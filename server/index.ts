import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { ZIP_LIMITS } from "../app/modules/authoring/draft-content.ts";
import { GIAS_MAX_BYTES } from "../app/modules/schools/gias.ts";
import { MB, withBodyLimit } from "./body-limit.ts";
import { exerciseSandbox } from "./exercise-sandbox.ts";
import { assertNoPublishedDemoLogins } from "../app/modules/auth/demo-accounts.server.ts";
import { checkSandbox } from "../app/modules/sandbox/sandbox.server.ts";
import { createUploadService } from "../app/modules/uploads/tus.server.ts";
import { startJobWorker } from "../app/modules/job-handlers/handlers.server.ts";
import type { JobWorker } from "../app/modules/jobs/worker.server.ts";
import { PYODIDE_BASE } from "./exercise-runtime-files.ts";
import { serveMedia } from "./media.ts";
import { cspNonce, originCheck, securityHeaders } from "./security.ts";
import { getEnv } from "../app/utils/env.server.ts";
import { markDraining } from "../app/utils/health.server.ts";
import { log } from "../app/utils/log.server.ts";
import { normaliseClientAddress } from "../app/utils/trust-proxy.ts";
import { settleAfterResponseTasks } from "../app/utils/after-response.server.ts";
import { requestIds, requestLog } from "./request-log.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = getEnv(); // validated once; nothing here reads process.env itself
const development = env.NODE_ENV !== "production";
const port = env.PORT;
const appOrigin = env.APP_ORIGIN;
const buildDir = path.resolve(root, env.BUILD_DIR);

// A production start never runs with the demo logins from the README (ADR 0016).
await assertNoPublishedDemoLogins().catch((error: unknown) => {
  log().fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

const viteDevServer = development
  ? await import("vite").then((vite) => vite.createServer({ root, server: { middlewareMode: true } }))
  : undefined;

const app = express();
app.disable("x-powered-by");
// A hop count or the proxies' subnets, validated at boot; never `true` (docs/decisions/0022).
app.set("trust proxy", env.TRUST_PROXY);

// An id for every request, on its log lines and in X-Request-Id; JSON request lines in production (ADR 0051).
app.use(requestIds());
app.use(requestLog());
app.use(compression());
app.use(cspNonce);
app.use(securityHeaders({ development, https: appOrigin?.startsWith("https:") ?? false }));
app.use(originCheck(appOrigin));
// Code exercises: the sandbox page and the files it loads get their own headers (nothing else does).
app.use(exerciseSandbox(appOrigin));
// Authors' media uploads (tus), behind the Origin check; abandoned uploads are cleaned up hourly by a job (ADR 0053).
const uploads = createUploadService();
app.use(uploads.router);

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  // Fingerprinted files can be cached for ever; everything else briefly.
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  // Pyodide's files sit under a versioned path (exercise-runtime-files.ts), so they never change either.
  app.use(PYODIDE_BASE, express.static(path.join(buildDir, `client${PYODIDE_BASE}`), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
}
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
// Published course media is named by its content hash, so it never changes (see publish.server.ts).
const mediaDir = path.resolve(root, env.MEDIA_DIR);
app.use("/media", serveMedia(mediaDir));

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(path.join(buildDir, "server/index.js"))) as ServerBuild);

// Every body Remix reads is limited (ADR 0016): 1 MB, more only where a form needs it. Uploads (tus,
// above) have their own limits.
app.all(
  "*",
  withBodyLimit(
    createRequestHandler({
      build,
      mode: development ? "development" : "production",
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: normaliseClientAddress(req.ip) }),
    }),
    {
      defaultLimit: 1 * MB,
      rules: [
        // Importing a module as a zip (its own check refuses a larger zip with a message).
        { method: "POST", path: /^\/author\/?$/, limit: ZIP_LIMITS.maxZipBytes + 64 * 1024 },
        // The activity editor and its live preview: up to 200,000 characters each, URL-encoded.
        { method: "POST", path: /^\/author\/modules\/[^/]+\/activities\/[^/]+\/?$/, limit: 4 * MB },
        { method: "POST", path: /^\/author\/preview\/?$/, limit: 2 * MB },
        // The GIAS establishments and links files (docs/decisions/0061).
        { method: "POST", path: /^\/admin\/schools\/?$/, limit: 2 * GIAS_MAX_BYTES + 64 * 1024 },
      ],
    },
  ),
);

let jobs: JobWorker | undefined;
// HOST: the address to listen on (all interfaces when unset); 127.0.0.1 behind a proxy on the same machine.
const listening = () => {
  log().info(`Pathways is running on http://${env.HOST ?? "localhost"}:${port}`);
  // Once, at start-up: whether authors' exercise checks can run (bubblewrap; docs/deploying.md).
  void checkSandbox((message) => log().info(message));
  // The job queue's worker: emails, the hourly upload cleanup (docs/decisions/0053).
  jobs = startJobWorker({ pollMs: env.JOB_POLL_MS });
};
const server = env.HOST ? app.listen(port, env.HOST, listening) : app.listen(port, listening);

/**
 * A graceful shutdown (ADR 0051): /readyz answers 503 so a load balancer stops sending requests, the
 * server stops accepting connections and finishes the requests it has, work started after a response
 * finishes too, the job worker finishes the jobs it is running (ADR 0053), then the process exits.
 * After SHUTDOWN_TIMEOUT_MS it exits anyway, saying so.
 */
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  markDraining();
  log().info(`${signal}: finishing the requests in flight, then stopping`);
  setTimeout(() => {
    log().warn(`Stopped after ${env.SHUTDOWN_TIMEOUT_MS} ms with work still in flight`);
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS).unref();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections that go quiet while we wait are closed too, so close() can finish.
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  await closed;
  clearInterval(idle);
  await settleAfterResponseTasks();
  await jobs?.stop();
  log().info("Stopped cleanly");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
