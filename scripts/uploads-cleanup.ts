/**
 * `npm run uploads:cleanup`: deletes unfinished media uploads older than the expiry (24 hours):
 * their bytes in UPLOADS_DIR, their tus records and their rows. The server also does this when it
 * starts and every hour; this is for a cron job or by hand (docs/decisions/0012).
 */
import { createUploadService } from "~/modules/uploads/tus.server.ts";
import { prisma } from "~/utils/db.server.ts";

const { cleanUp, uploadsDir } = createUploadService();
try {
  const count = await cleanUp();
  console.log(`Deleted ${count} abandoned upload(s) from ${uploadsDir}.`);
} finally {
  await prisma.$disconnect();
}
