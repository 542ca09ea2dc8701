-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Event" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "descriptionHtml" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "keyStages" TEXT NOT NULL,
    "topics" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,
    "cpdHours" REAL NOT NULL,
    "capacity" INTEGER NOT NULL,
    "attendanceThreshold" INTEGER NOT NULL DEFAULT 75,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "bookingOpensAt" DATETIME,
    "bookingClosesAt" DATETIME NOT NULL,
    "meta" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'files',
    "cancelledAt" DATETIME,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "joiningUrl" TEXT,
    "bookingRevision" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Event" ("audience", "bookingClosesAt", "bookingOpensAt", "bookingRevision", "cancelledAt", "capacity", "contentHash", "cpdHours", "descriptionHtml", "endsAt", "format", "id", "joiningUrl", "keyStages", "meta", "publishedAt", "searchText", "source", "startsAt", "summary", "title", "topics", "updatedAt") SELECT "audience", "bookingClosesAt", "bookingOpensAt", "bookingRevision", "cancelledAt", "capacity", "contentHash", "cpdHours", "descriptionHtml", "endsAt", "format", "id", "joiningUrl", "keyStages", "meta", "publishedAt", "searchText", "source", "startsAt", "summary", "title", "topics", "updatedAt" FROM "Event";
DROP TABLE "Event";
ALTER TABLE "new_Event" RENAME TO "Event";
CREATE INDEX "Event_startsAt_idx" ON "Event"("startsAt");
CREATE INDEX "Event_endsAt_idx" ON "Event"("endsAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
