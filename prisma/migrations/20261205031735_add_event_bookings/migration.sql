-- CreateTable
CREATE TABLE "EventBooking" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "accessNeeds" TEXT,
    "dietary" TEXT,
    "waitingSince" DATETIME,
    "confirmedAt" DATETIME,
    "cancelledAt" DATETIME,
    "calendarSequence" INTEGER NOT NULL DEFAULT 0,
    "personalDataRemovedAt" DATETIME,
    "origin" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EventBooking_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventBooking_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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
INSERT INTO "new_Event" ("audience", "bookingClosesAt", "bookingOpensAt", "cancelledAt", "capacity", "contentHash", "cpdHours", "descriptionHtml", "endsAt", "format", "id", "keyStages", "meta", "publishedAt", "searchText", "source", "startsAt", "summary", "title", "topics", "updatedAt") SELECT "audience", "bookingClosesAt", "bookingOpensAt", "cancelledAt", "capacity", "contentHash", "cpdHours", "descriptionHtml", "endsAt", "format", "id", "keyStages", "meta", "publishedAt", "searchText", "source", "startsAt", "summary", "title", "topics", "updatedAt" FROM "Event";
DROP TABLE "Event";
ALTER TABLE "new_Event" RENAME TO "Event";
CREATE INDEX "Event_startsAt_idx" ON "Event"("startsAt");
CREATE INDEX "Event_endsAt_idx" ON "Event"("endsAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "EventBooking_eventId_status_waitingSince_idx" ON "EventBooking"("eventId", "status", "waitingSince");

-- CreateIndex
CREATE INDEX "EventBooking_userId_status_idx" ON "EventBooking"("userId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "EventBooking_eventId_userId_key" ON "EventBooking"("eventId", "userId");
