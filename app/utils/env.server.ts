import { z } from "zod";
import { databaseUrl } from "./database-url.ts";
import { parseTrustProxy } from "./trust-proxy.ts";

/**
 * All configuration is read here, validated once at boot. Nothing else reads process.env.
 * Values the browser may see are listed in `publicEnv` and nowhere else.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The address to listen on; unset, every interface. 127.0.0.1 when the reverse proxy is on the same machine. */
  HOST: z.string().trim().min(1).optional(),
  /** The public origin, e.g. https://pathways.example.org. Used in emailed links and the Origin check. */
  APP_ORIGIN: z.url().optional(),
  /**
   * Behind a reverse proxy that sets X-Forwarded-For / X-Forwarded-Proto: the number of proxies
   * (e.g. 1) or their addresses or subnets (e.g. 10.0.0.0/8). Never "true" (see trust-proxy.ts).
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = parseTrustProxy(value);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }),
  /** smtp(s)://user:pass@host:port. Without it, email goes to the outbox folder. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Pathways <no-reply@pathways.invalid>"),
  OUTBOX_DIR: z.string().default(".outbox"),
  /** Published course media, stored by content hash and served at /media. */
  MEDIA_DIR: z.string().default("data/media"),
  /** The issuer's signing keys (private keys never live in the database); backed up with the database. */
  KEYS_DIR: z.string().default("data/keys"),
  /**
   * SQLite's synchronous setting in WAL mode (ADR 0018): "normal" (default) can lose the last
   * transactions on a power failure, never on a crash of the process; "full" syncs every commit.
   */
  SQLITE_SYNCHRONOUS: z.enum(["normal", "full"]).default("normal"),
  /** Unfinished media uploads (tus), until they finish or expire. */
  UPLOADS_DIR: z.string().default("data/uploads"),
  /** How often an idle job worker looks for due jobs, in milliseconds (docs/decisions/0053). */
  JOB_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** How long after completing a module or attending an event teachers are asked whether it changed their classroom (docs/decisions/0062). */
  FOLLOW_UP_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(42),
  /**
   * Shows the developer pages (/dev/blocks, and /dev/outbox while no SMTP_URL is set) even in
   * production; only the end-to-end tests' server sets it.
   */
  ENABLE_DEV_PAGES: z.enum(["true", "false"]).default("false"),
  /** "true" creates the demo accounts (README) at start-up; `npm run dev` asks for them. Never implied by NODE_ENV. */
  SEED_DEMO_DATA: z.enum(["true", "false"]).default("false"),
  /** How many sandboxed code jobs (draft checks) may run at once; the rest queue (docs/decisions/0027). */
  SANDBOX_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Where `npm run build` put the app (the end-to-end tests build into their own folder). */
  BUILD_DIR: z.string().default("build"),
  /** Extra course folders (colon-separated) published at start-up, e.g. the end-to-end tests' fixtures. */
  EXTRA_COURSES_DIRS: z
    .string()
    .default("")
    .transform((value) => value.split(":").filter(Boolean)),
  /** Server logs (docs/decisions/0051): JSON lines with a request id ("json", production's default) or plain text. */
  LOG_FORMAT: z.enum(["json", "text"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** How long a graceful shutdown (SIGTERM) waits for requests and jobs in flight before it exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  /** "false" only for plain-http test servers; production cookies are Secure by default. */
  SECURE_COOKIES: z.enum(["true", "false"]).optional(),
});

export type Env = z.infer<typeof EnvSchema> & { DATABASE_URL: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  cached = { ...parsed.data, DATABASE_URL: databaseUrl() };
  return cached;
}

export function isProduction() {
  return getEnv().NODE_ENV === "production";
}

export function secureCookies() {
  const env = getEnv();
  return env.SECURE_COOKIES ? env.SECURE_COOKIES === "true" : env.NODE_ENV === "production";
}

/** The developer pages (/dev/...): never in production unless ENABLE_DEV_PAGES says so. */
export function devPagesEnabled() {
  const env = getEnv();
  return env.NODE_ENV !== "production" || env.ENABLE_DEV_PAGES === "true";
}

/** /dev/outbox: only where email goes to the outbox folder, that is while no SMTP server is set. */
export function devOutboxEnabled() {
  return !getEnv().SMTP_URL && devPagesEnabled();
}

/** The only configuration the browser sees. */
export function publicEnv() {
  return { mode: getEnv().NODE_ENV };
}
