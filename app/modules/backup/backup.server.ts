/**
 * One consistent, online backup of everything Pathways cannot rebuild: the database, the media store
 * and the issuer's signing keys, as one dated .tar.gz archive. SQLite is copied with its backup API in
 * a single step; PostgreSQL with pg_dump, which reads one snapshot. Either way the copy is the
 * database at one instant even while servers write (ADR 0018, ADR 0052). Restoring checks the archive
 * before anything is written and never overwrites data unless asked to, and then keeps the old data.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import * as tar from "tar";
import { z } from "zod";
import { databaseFile, databaseProvider, type DatabaseProvider } from "~/utils/database-url.ts";
import { getEnv } from "~/utils/env.server.ts";
import { dumpPostgres, postgresHasTables, restorePostgres } from "./postgres-dump.server.ts";

/** 2 added PostgreSQL (database.provider); a format 1 archive is a SQLite backup and still restores. */
export const BACKUP_FORMAT = 2;

/**
 * Where the data lives; by default what the environment says (DATABASE_URL, MEDIA_DIR, KEYS_DIR).
 * `asideDir` is where restoring over a PostgreSQL database keeps a dump of what was there.
 */
export type DataLocations = { databaseUrl: string; mediaDir: string; keysDir: string; asideDir?: string };

export function configuredLocations(): DataLocations {
  const env = getEnv();
  return { databaseUrl: env.DATABASE_URL, mediaDir: env.MEDIA_DIR, keysDir: env.KEYS_DIR };
}

const DATABASE_FILES = { sqlite: "database/pathways.db", postgresql: "database/pathways.dump" } as const;
const Checksum = { sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int() };

const ManifestSchema = z.object({
  format: z.union([z.literal(1), z.literal(BACKUP_FORMAT)]),
  createdAt: z.iso.datetime(),
  database: z.preprocess(
    // Format 1 archives named no provider: they were always SQLite.
    (value) => (value && typeof value === "object" && !("provider" in value) ? { ...value, provider: "sqlite" } : value),
    z.discriminatedUnion("provider", [
      z.object({ provider: z.literal("sqlite"), file: z.literal(DATABASE_FILES.sqlite), ...Checksum }),
      z.object({ provider: z.literal("postgresql"), file: z.literal(DATABASE_FILES.postgresql), ...Checksum }),
    ]),
  ),
  media: z.object({ files: z.number().int().nonnegative() }),
  keys: z.object({ files: z.number().int().nonnegative() }),
});
export type BackupManifest = z.infer<typeof ManifestSchema>;

export class BackupError extends Error {}

function sha256File(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Copies a folder's regular files (recursively); a missing folder copies as empty. Returns the count. */
function copyFolder(from: string, to: string): number {
  fs.mkdirSync(to, { recursive: true });
  if (!fs.existsSync(from)) return 0;
  let count = 0;
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) count += copyFolder(source, target);
    else if (entry.isFile()) {
      fs.copyFileSync(source, target);
      fs.chmodSync(target, fs.statSync(source).mode & 0o777);
      count++;
    }
  }
  return count;
}

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

const PROVIDER_NAMES: Record<DatabaseProvider, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };

/** The SQLite database as one self-contained file, checked; a snapshot even while the server writes. */
async function copySqlite(url: string, copy: string) {
  const file = databaseFile(url);
  if (!fs.existsSync(file)) throw new BackupError(`There is no database at ${file} to back up.`);
  const source = new Database(file, { fileMustExist: true, timeout: 5000 });
  try {
    // The first step copies nothing; the handler then asks for every remaining page at once.
    await source.backup(copy, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const check = new Database(copy);
  try {
    // One self-contained file (no -wal/-shm beside it); the server turns WAL back on when it opens it.
    check.pragma("journal_mode = DELETE");
    const result = check.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new BackupError(`The database copy failed SQLite's integrity check: ${String(result)}`);
  } finally {
    check.close();
  }
}

/**
 * Writes `pathways-backup-<UTC time>.tar.gz` into `outDir` and returns its path. Safe while servers
 * run: SQLite's backup API copies every page in one step inside one read transaction (WAL lets the
 * server keep writing meanwhile); pg_dump reads one snapshot of the PostgreSQL database.
 */
export async function createBackup({ outDir, from = configuredLocations() }: { outDir: string; from?: DataLocations }): Promise<string> {
  const provider = databaseProvider(from.databaseUrl);
  fs.mkdirSync(outDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-backup-"));
  try {
    fs.mkdirSync(path.join(staging, "database"));
    const copy = path.join(staging, DATABASE_FILES[provider]);
    if (provider === "sqlite") await copySqlite(from.databaseUrl, copy);
    else await dumpPostgres(from.databaseUrl, copy);
    const createdAt = new Date();
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: createdAt.toISOString(),
      database:
        provider === "sqlite"
          ? { provider, file: DATABASE_FILES.sqlite, sha256: sha256File(copy), bytes: fs.statSync(copy).size }
          : { provider, file: DATABASE_FILES.postgresql, sha256: sha256File(copy), bytes: fs.statSync(copy).size },
      media: { files: copyFolder(from.mediaDir, path.join(staging, "media")) },
      keys: { files: copyFolder(from.keysDir, path.join(staging, "keys")) },
    };
    fs.writeFileSync(path.join(staging, "manifest.json"), JSON.stringify(manifest, null, 2));
    const archive = path.join(outDir, `pathways-backup-${timestamp(createdAt)}.tar.gz`);
    const partial = `${archive}.partial`;
    await tar.create({ gzip: true, file: partial, cwd: staging, portable: true }, ["manifest.json", "database", "media", "keys"]);
    fs.renameSync(partial, archive); // a half-written archive never carries the final name
    fs.chmodSync(archive, 0o600); // it holds the signing keys
    return archive;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

const ENTRY = /^(manifest\.json|database\/pathways\.(db|dump)|database\/?|media\/?|keys\/?|(media|keys)\/[A-Za-z0-9._\-/]+)$/;

/** Unpacks and checks an archive into a temporary folder; throws BackupError with a clear message. */
async function unpack(archive: string): Promise<{ dir: string; manifest: BackupManifest }> {
  if (!fs.existsSync(archive)) throw new BackupError(`No backup archive at ${archive}.`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-restore-"));
  const refused: string[] = [];
  try {
    await tar.extract({
      file: archive,
      cwd: dir,
      strict: true,
      // Only regular files and folders with the names a backup has; never links, never "..".
      filter: (entry, stat) => {
        const type = "type" in stat ? stat.type : "File";
        const ok = ENTRY.test(entry) && !entry.split("/").includes("..") && (type === "File" || type === "Directory");
        if (!ok) refused.push(entry);
        return ok;
      },
    });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new BackupError(`${archive} is not a readable Pathways backup (${error instanceof Error ? error.message : String(error)}).`);
  }
  try {
    if (refused.length > 0)
      throw new BackupError(`${archive} contains entries a Pathways backup never has: ${refused.slice(0, 5).join(", ")}.`);
    let manifest: BackupManifest;
    try {
      manifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")));
    } catch {
      throw new BackupError(`${archive} has no valid manifest.json: is it a Pathways backup (format ${BACKUP_FORMAT})?`);
    }
    const db = path.join(dir, manifest.database.file);
    if (!fs.existsSync(db) || sha256File(db) !== manifest.database.sha256)
      throw new BackupError("The database in the archive does not match its manifest (damaged archive).");
    return { dir, manifest };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function isEmptyFolder(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

/** Moves existing data aside (never deletes it) as `<name>.before-restore-<time>`. */
function moveAside(target: string, stamp: string): string | null {
  if (!fs.existsSync(target)) return null;
  const aside = `${target}.before-restore-${stamp}`;
  fs.renameSync(target, aside);
  return aside;
}

/**
 * Restores an archive into `to` (by default the configured locations). The servers must be stopped.
 * Refuses to replace existing data unless `force`, and then keeps that data rather than deleting it:
 * SQLite's file and the folders are moved aside; a PostgreSQL database is first dumped to
 * `asideDir` (default backups/). Returns the manifest and what was kept aside.
 */
export async function restoreBackup({
  archive,
  to = configuredLocations(),
  force = false,
}: {
  archive: string;
  to?: DataLocations;
  force?: boolean;
}): Promise<{ manifest: BackupManifest; movedAside: string[] }> {
  const provider = databaseProvider(to.databaseUrl);
  const { dir, manifest } = await unpack(archive);
  try {
    if (manifest.database.provider !== provider)
      throw new BackupError(
        `This backup holds a ${PROVIDER_NAMES[manifest.database.provider]} database, but DATABASE_URL names ${PROVIDER_NAMES[provider]}. Restore it into the kind of database it came from.`,
      );
    const sqliteFile = provider === "sqlite" ? databaseFile(to.databaseUrl) : null;
    const databaseInUse = sqliteFile ? fs.existsSync(sqliteFile) : await postgresHasTables(to.databaseUrl);
    const existing = [
      databaseInUse ? (sqliteFile ?? "the PostgreSQL database") : null,
      isEmptyFolder(to.mediaDir) ? null : to.mediaDir,
      isEmptyFolder(to.keysDir) ? null : to.keysDir,
    ].filter((item): item is string => item !== null);
    if (existing.length > 0 && !force)
      throw new BackupError(
        `Refusing to overwrite existing data (${existing.join(", ")}). Stop the server and run again with --force; the current data will be kept aside, not deleted.`,
      );
    const stamp = timestamp(new Date());
    const movedAside: string[] = [];
    if (sqliteFile) {
      for (const target of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) {
        const aside = moveAside(target, stamp);
        if (aside) movedAside.push(aside);
      }
      fs.mkdirSync(path.dirname(path.resolve(sqliteFile)), { recursive: true });
      fs.copyFileSync(path.join(dir, manifest.database.file), sqliteFile);
    } else {
      if (databaseInUse) {
        const asideDir = to.asideDir ?? "backups";
        fs.mkdirSync(asideDir, { recursive: true });
        const aside = path.join(asideDir, `pathways-before-restore-${stamp}.dump`);
        await dumpPostgres(to.databaseUrl, aside);
        fs.chmodSync(aside, 0o600);
        movedAside.push(aside);
      }
      await restorePostgres(to.databaseUrl, path.join(dir, manifest.database.file));
    }
    for (const target of [to.mediaDir, to.keysDir]) {
      const aside = moveAside(target, stamp);
      if (aside) movedAside.push(aside);
    }
    copyFolder(path.join(dir, "media"), to.mediaDir);
    copyFolder(path.join(dir, "keys"), to.keysDir);
    fs.chmodSync(to.keysDir, 0o700);
    return { manifest, movedAside };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
