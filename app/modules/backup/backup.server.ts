/**
 * One consistent, online backup of everything Pathways cannot rebuild: the SQLite database (copied
 * with SQLite's backup API in a single step, so it is one snapshot even while the server writes),
 * the media store and the issuer's signing keys, as one dated .tar.gz archive. Restoring checks the
 * archive before anything is written and never overwrites data unless asked to (ADR 0018).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import * as tar from "tar";
import { z } from "zod";
import { databaseFile, databaseProvider } from "~/utils/database-url.ts";
import { getEnv } from "~/utils/env.server.ts";

export const BACKUP_FORMAT = 1;

/** Where the data lives; by default what the environment says (DATABASE_URL, MEDIA_DIR, KEYS_DIR). */
export type DataLocations = { databaseFile: string; mediaDir: string; keysDir: string };

export function configuredLocations(): DataLocations {
  const env = getEnv();
  return { databaseFile: databaseFile(env.DATABASE_URL), mediaDir: env.MEDIA_DIR, keysDir: env.KEYS_DIR };
}

const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.iso.datetime(),
  database: z.object({ file: z.literal("database/pathways.db"), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int() }),
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

/** Until issue 14 builds in pg_dump/pg_restore, these commands handle SQLite only and say so. */
function refuseConfiguredPostgres(locations: DataLocations) {
  if (databaseProvider(getEnv().DATABASE_URL) === "postgresql" && locations.databaseFile === configuredLocations().databaseFile) {
    throw new BackupError(
      "This command backs up and restores the SQLite database. For PostgreSQL, use pg_dump and pg_restore (and copy MEDIA_DIR and KEYS_DIR) until issue 14 builds it in.",
    );
  }
}

/**
 * Writes `pathways-backup-<UTC time>.tar.gz` into `outDir` and returns its path. Safe while the
 * server runs: SQLite's backup API copies every page in one step, inside one read transaction, so
 * the copy is the database as it was at one instant (WAL lets the server keep writing meanwhile).
 */
export async function createBackup({ outDir, from = configuredLocations() }: { outDir: string; from?: DataLocations }): Promise<string> {
  refuseConfiguredPostgres(from);
  if (!fs.existsSync(from.databaseFile)) throw new BackupError(`There is no database at ${from.databaseFile} to back up.`);
  fs.mkdirSync(outDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-backup-"));
  try {
    fs.mkdirSync(path.join(staging, "database"));
    const copy = path.join(staging, "database/pathways.db");
    const source = new Database(from.databaseFile, { fileMustExist: true, timeout: 5000 });
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
    const createdAt = new Date();
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: createdAt.toISOString(),
      database: { file: "database/pathways.db", sha256: sha256File(copy), bytes: fs.statSync(copy).size },
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

const ENTRY = /^(manifest\.json|database\/pathways\.db|database\/?|media\/?|keys\/?|(media|keys)\/[A-Za-z0-9._\-/]+)$/;

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
 * Restores an archive into `to` (by default the configured locations). The server must be stopped.
 * Refuses to replace existing data unless `force`, and then moves that data aside rather than
 * deleting it. Returns the manifest and what was moved aside.
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
  refuseConfiguredPostgres(to);
  const { dir, manifest } = await unpack(archive);
  try {
    const existing = [
      fs.existsSync(to.databaseFile) ? to.databaseFile : null,
      isEmptyFolder(to.mediaDir) ? null : to.mediaDir,
      isEmptyFolder(to.keysDir) ? null : to.keysDir,
    ].filter((item): item is string => item !== null);
    if (existing.length > 0 && !force)
      throw new BackupError(
        `Refusing to overwrite existing data (${existing.join(", ")}). Stop the server and run again with --force; the current data will be moved aside, not deleted.`,
      );
    const stamp = timestamp(new Date());
    const movedAside: string[] = [];
    for (const target of [to.databaseFile, `${to.databaseFile}-wal`, `${to.databaseFile}-shm`, to.mediaDir, to.keysDir]) {
      const aside = moveAside(target, stamp);
      if (aside) movedAside.push(aside);
    }
    fs.mkdirSync(path.dirname(path.resolve(to.databaseFile)), { recursive: true });
    fs.copyFileSync(path.join(dir, manifest.database.file), to.databaseFile);
    copyFolder(path.join(dir, "media"), to.mediaDir);
    copyFolder(path.join(dir, "keys"), to.keysDir);
    fs.chmodSync(to.keysDir, 0o700);
    return { manifest, movedAside };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
