-- AlterTable
ALTER TABLE "User" ADD COLUMN     "followUpsDeclinedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ClassroomFollowUp" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "askedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),
    "declinedAt" TIMESTAMP(3),
    "used" TEXT,
    "learners" INTEGER,
    "keyStages" TEXT NOT NULL DEFAULT '',
    "girls" INTEGER,
    "changed" TEXT NOT NULL DEFAULT '',
    "wouldHelp" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClassroomFollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ClassroomFollowUp_answeredAt_idx" ON "ClassroomFollowUp"("answeredAt");

-- CreateIndex
CREATE UNIQUE INDEX "ClassroomFollowUp_userId_subject_key" ON "ClassroomFollowUp"("userId", "subject");

-- AddForeignKey
ALTER TABLE "ClassroomFollowUp" ADD CONSTRAINT "ClassroomFollowUp_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
