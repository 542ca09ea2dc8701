import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import * as tar from "tar";
import { afterAll, describe, expect, it } from "vitest";
import { BackupError, configuredLocations, createBackup, restoreBackup, type DataLocations } from "~/modules/backup/backup.server.ts";
import { databaseFile, databaseProvider } from "~/utils/database-url.ts";
import { prisma } from "~/utils/db.server.ts";

/**
 * The backup drill (issues 11 and 14), on whichever database the suite runs (SQLite, then
 * PostgreSQL with pg_dump/pg_restore): write data, back up while writes keep coming, restore into a
 * fresh database and folders, and find every write that was acknowledged before the backup started,
 * the media files and the keys, byte for byte.
 */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-backup-test-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const postgres = databaseProvider() === "postgresql";

/** Empty places to restore into: a new SQLite file, or a new database on the same PostgreSQL server. */
async function freshTarget(name: string): Promise<DataLocations> {
  let databaseUrl = `file:${path.join(scratch, name, "data/pathways.db")}`;
  if (postgres) {
    const database = `restore_${name}_${crypto.randomBytes(4).toString("hex")}`;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`CREATE DATABASE "${database}"`);
    await client.end();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
  }
  return {
    databaseUrl,
    mediaDir: path.join(scratch, name, "media"),
    keysDir: path.join(scratch, name, "keys"),
    asideDir: path.join(scratch, name, "aside"),
  };
}

async function restoredUserIds(to: DataLocations): Promise<Set<string>> {
  if (postgres) {
    const client = new pg.Client({ connectionString: to.databaseUrl });
    await client.connect();
    try {
      return new Set((await client.query<{ id: string }>(`SELECT id FROM "User"`)).rows.map((row) => row.id));
    } finally {
      await client.end();
    }
  }
  const restored = new Database(databaseFile(to.databaseUrl), { readonly: true });
  try {
    expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    return new Set((restored.prepare("SELECT id FROM User").all() as { id: string }[]).map((row) => row.id));
  } finally {
    restored.close();
  }
}

async function writeUser(n: number) {
  const user = await prisma.user.create({
    data: {
      email: `backup-${n}@example.org`,
      name: `Backup ${n}`,
      passwordHash: "x",
      organisationName: "",
      organisationType: "other",
      roleInSchool: "other",
    },
    select: { id: true },
  });
  return user.id;
}

describe(`npm run backup / npm run restore (${postgres ? "PostgreSQL" : "SQLite"})`, () => {
  it("restores every acknowledged write, the media and the keys, taken while writes continue", async () => {
    const from = configuredLocations();
    fs.mkdirSync(path.join(from.mediaDir), { recursive: true });
    fs.writeFileSync(path.join(from.mediaDir, "a".repeat(64) + ".png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    fs.mkdirSync(from.keysDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      path.join(from.keysDir, "issuer-key-1.pem"),
      "-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n",
      {
        mode: 0o600,
      },
    );

    const acknowledged: string[] = [];
    for (let n = 0; n < 50; n++) acknowledged.push(await writeUser(n));

    // Writes keep arriving while the backup runs.
    let writing = true;
    let n = 1000;
    const during: string[] = [];
    const writer = (async () => {
      while (writing) {
        during.push(await writeUser(n++));
        // Like requests to a server: each write is its own turn of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const archive = await createBackup({ outDir: path.join(scratch, "out") });
    writing = false;
    await writer;
    expect(during.length).toBeGreaterThan(0);
    expect(path.basename(archive)).toMatch(/^pathways-backup-\d{8}T\d{6}Z\.tar\.gz$/);
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);

    const to = await freshTarget("fresh");
    const { manifest } = await restoreBackup({ archive, to });
    expect(manifest.database.provider).toBe(postgres ? "postgresql" : "sqlite");
    expect(manifest.media.files).toBe(1);
    expect(manifest.keys.files).toBe(1);

    const ids = await restoredUserIds(to);
    for (const id of acknowledged) expect(ids.has(id), `acknowledged write ${id}`).toBe(true);
    expect(fs.readFileSync(path.join(to.mediaDir, "a".repeat(64) + ".png"))).toEqual(
      fs.readFileSync(path.join(from.mediaDir, "a".repeat(64) + ".png")),
    );
    expect(fs.readFileSync(path.join(to.keysDir, "issuer-key-1.pem"), "utf8")).toContain("not a real key");
    expect(fs.statSync(path.join(to.keysDir, "issuer-key-1.pem")).mode & 0o777).toBe(0o600);

    // Restoring over existing data is refused without --force, and with it the old data is moved aside.
    await expect(restoreBackup({ archive, to })).rejects.toThrow(/Refusing to overwrite existing data/);
    await prisma.user.deleteMany({}); // (the source changes; the restored copy must not)
    const forced = await restoreBackup({ archive, to, force: true });
    const keptDatabase = postgres ? path.join(to.asideDir!, "pathways-before-restore-") : `${databaseFile(to.databaseUrl)}.before-restore-`;
    expect(forced.movedAside.some((item) => item.startsWith(keptDatabase))).toBe(true);
    for (const item of forced.movedAside) expect(fs.existsSync(item)).toBe(true);
    const again = await restoredUserIds(to);
    for (const id of acknowledged) expect(again.has(id), `acknowledged write ${id} after a forced restore`).toBe(true);
  });

  it("refuses archives that are damaged or carry paths outside a backup", async () => {
    const to = await freshTarget("evil");
    const notAnArchive = path.join(scratch, "not.tar.gz");
    fs.writeFileSync(notAnArchive, "hello");
    await expect(restoreBackup({ archive: notAnArchive, to })).rejects.toBeInstanceOf(BackupError);
    await expect(restoreBackup({ archive: path.join(scratch, "missing.tar.gz"), to })).rejects.toThrow(/No backup archive/);

    const staging = fs.mkdtempSync(path.join(scratch, "stage-"));
    fs.writeFileSync(path.join(staging, "manifest.json"), "{}");
    fs.writeFileSync(path.join(staging, "evil.sh"), "echo owned");
    const hostile = path.join(scratch, "hostile.tar.gz");
    await tar.create({ gzip: true, file: hostile, cwd: staging }, ["manifest.json", "evil.sh"]);
    await expect(restoreBackup({ archive: hostile, to })).rejects.toThrow(/entries a Pathways backup never has/);
    if (!postgres) expect(fs.existsSync(databaseFile(to.databaseUrl))).toBe(false);
    expect(fs.existsSync(to.mediaDir)).toBe(false);
  });

  it("refuses to restore a backup into the other kind of database", async () => {
    const archive = await createBackup({ outDir: path.join(scratch, "cross") });
    const other = postgres
      ? {
          databaseUrl: `file:${path.join(scratch, "cross/pathways.db")}`,
          mediaDir: path.join(scratch, "cross/m"),
          keysDir: path.join(scratch, "cross/k"),
        }
      : {
          databaseUrl: "postgresql://nobody@127.0.0.1:1/none",
          mediaDir: path.join(scratch, "cross/m"),
          keysDir: path.join(scratch, "cross/k"),
        };
    await expect(restoreBackup({ archive, to: other })).rejects.toThrow(
      postgres
        ? /holds a PostgreSQL database, but DATABASE_URL names SQLite/
        : /holds a SQLite database, but DATABASE_URL names PostgreSQL/,
    );
    expect(fs.existsSync(other.mediaDir)).toBe(false);
  });
});
