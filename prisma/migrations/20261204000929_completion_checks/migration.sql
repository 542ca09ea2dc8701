-- CreateTable
CREATE TABLE "CompletionCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "moduleTitle" TEXT NOT NULL,
    "versionNumber" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "completedAt" DATETIME NOT NULL,
    "tookSeconds" INTEGER NOT NULL,
    "floorSeconds" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'held',
    "reason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "decidedById" TEXT,
    CONSTRAINT "CompletionCheck_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CompletionCheck_status_createdAt_idx" ON "CompletionCheck"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CompletionCheck_userId_moduleId_key" ON "CompletionCheck"("userId", "moduleId");
