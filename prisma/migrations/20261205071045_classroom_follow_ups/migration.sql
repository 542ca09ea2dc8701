-- AlterTable
ALTER TABLE "User" ADD COLUMN "followUpsDeclinedAt" DATETIME;

-- CreateTable
CREATE TABLE "ClassroomFollowUp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "askedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" DATETIME,
    "declinedAt" DATETIME,
    "used" TEXT,
    "learners" INTEGER,
    "keyStages" TEXT NOT NULL DEFAULT '',
    "girls" INTEGER,
    "changed" TEXT NOT NULL DEFAULT '',
    "wouldHelp" TEXT NOT NULL DEFAULT '',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ClassroomFollowUp_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ClassroomFollowUp_answeredAt_idx" ON "ClassroomFollowUp"("answeredAt");

-- CreateIndex
CREATE UNIQUE INDEX "ClassroomFollowUp_userId_subject_key" ON "ClassroomFollowUp"("userId", "subject");
