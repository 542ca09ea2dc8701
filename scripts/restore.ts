/**
 * `npm run restore -- <archive> [--force] [--aside <folder>]`: restores a backup made by `npm run backup` into the
 * configured locations (DATABASE_URL, MEDIA_DIR, KEYS_DIR). Stop the server first. Existing data is
 * only replaced with --force, and is then moved aside, never deleted (a PostgreSQL database is dumped
 * to --aside, default backups/). See ADR 0018 and ADR 0052.
 */
import { parseArgs } from "node:util";
import { configuredLocations, restoreBackup } from "~/modules/backup/backup.server.ts";

const { values, positionals } = parseArgs({
  options: { force: { type: "boolean", default: false }, aside: { type: "string" } },
  allowPositionals: true,
});
const archive = positionals[0];
if (!archive || positionals.length > 1) {
  console.error("Usage: npm run restore -- <backup archive> [--force] [--aside <folder for the old database's dump>]");
  process.exit(2);
}
restoreBackup({ archive, force: values.force, to: { ...configuredLocations(), ...(values.aside ? { asideDir: values.aside } : {}) } })
  .then(({ manifest, movedAside }) => {
    for (const item of movedAside) console.log(`Moved aside: ${item}`);
    console.log(
      `Restored the backup made at ${manifest.createdAt} (${manifest.media.files} media file(s), ${manifest.keys.files} key file(s)).`,
    );
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
