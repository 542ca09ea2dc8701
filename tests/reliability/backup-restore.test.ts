import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import * as tar from "tar";
import { afterAll, describe, expect, it } from "vitest";
import { BackupError, configuredLocations, createBackup, restoreBackup } from "~/modules/backup/backup.server.ts";
import { databaseProvider } from "~/utils/database-url.ts";
import { prisma } from "~/utils/db.server.ts";

/**
 * The backup drill (issue 11): write data, back up while writes keep coming, restore into a fresh
 * folder, and find every write that was acknowledged before the backup started, the media files
 * and the keys, byte for byte.
 */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-backup-test-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

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

if (databaseProvider() === "sqlite") {
  describe("npm run backup / npm run restore", () => {
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

      const to = {
        databaseFile: path.join(scratch, "fresh/data/pathways.db"),
        mediaDir: path.join(scratch, "fresh/media"),
        keysDir: path.join(scratch, "fresh/keys"),
      };
      const { manifest } = await restoreBackup({ archive, to });
      expect(manifest.media.files).toBe(1);
      expect(manifest.keys.files).toBe(1);

      const restored = new Database(to.databaseFile, { readonly: true });
      try {
        expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
        const ids = new Set((restored.prepare("SELECT id FROM User").all() as { id: string }[]).map((row) => row.id));
        for (const id of acknowledged) expect(ids.has(id), `acknowledged write ${id}`).toBe(true);
      } finally {
        restored.close();
      }
      expect(fs.readFileSync(path.join(to.mediaDir, "a".repeat(64) + ".png"))).toEqual(
        fs.readFileSync(path.join(from.mediaDir, "a".repeat(64) + ".png")),
      );
      expect(fs.readFileSync(path.join(to.keysDir, "issuer-key-1.pem"), "utf8")).toContain("not a real key");
      expect(fs.statSync(path.join(to.keysDir, "issuer-key-1.pem")).mode & 0o777).toBe(0o600);

      // Restoring over existing data is refused without --force, and with it the old data is moved aside.
      await expect(restoreBackup({ archive, to })).rejects.toThrow(/Refusing to overwrite existing data/);
      const forced = await restoreBackup({ archive, to, force: true });
      expect(forced.movedAside.some((item) => item.startsWith(`${to.databaseFile}.before-restore-`))).toBe(true);
      for (const item of forced.movedAside) expect(fs.existsSync(item)).toBe(true);
    });

    it("refuses archives that are damaged or carry paths outside a backup", async () => {
      const to = {
        databaseFile: path.join(scratch, "evil/pathways.db"),
        mediaDir: path.join(scratch, "evil/media"),
        keysDir: path.join(scratch, "evil/keys"),
      };
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
      expect(fs.existsSync(to.databaseFile)).toBe(false);
    });
  });
} else {
  // PostgreSQL backups (pg_dump/pg_restore) are the rest of issue 14; until then the commands say so.
  describe("npm run backup / npm run restore on PostgreSQL", () => {
    it("refuse plainly, naming pg_dump, rather than back up the wrong thing", async () => {
      await expect(createBackup({ outDir: path.join(scratch, "out") })).rejects.toThrow(
        /SQLite database\. For PostgreSQL, use pg_dump and pg_restore/,
      );
      await expect(restoreBackup({ archive: path.join(scratch, "none.tar.gz") })).rejects.toBeInstanceOf(BackupError);
    });
  });
}
