/**
 * `npm run backup [-- --out DIR]`: a consistent online backup of the database (SQLite or PostgreSQL), media and keys into
 * one dated archive (default folder: backups/). Safe while the server runs. See ADR 0018 and ADR 0052.
 */
import { parseArgs } from "node:util";
import { createBackup } from "~/modules/backup/backup.server.ts";

const { values } = parseArgs({ options: { out: { type: "string", default: "backups" } } });
createBackup({ outDir: values.out })
  .then((archive) => console.log(`Backup written to ${archive}`))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
