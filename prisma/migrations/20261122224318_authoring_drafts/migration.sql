-- CreateTable
CREATE TABLE "ModuleDraft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "moduleId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "title" TEXT NOT NULL,
    "moduleYaml" TEXT NOT NULL,
    "files" TEXT NOT NULL,
    "media" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "submittedAt" DATETIME,
    "publishedAt" DATETIME,
    "archivedAt" DATETIME,
    CONSTRAINT "ModuleDraft_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DraftCoAuthor" (
    "draftId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("draftId", "userId"),
    CONSTRAINT "DraftCoAuthor_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "ModuleDraft" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DraftCoAuthor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DraftReview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "draftId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "submittedById" TEXT,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewerId" TEXT,
    "decision" TEXT,
    "comments" TEXT NOT NULL DEFAULT '',
    "decidedAt" DATETIME,
    "versionNumber" INTEGER,
    CONSTRAINT "DraftReview_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "ModuleDraft" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DraftReview_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "DraftReview_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ModuleDraft_moduleId_key" ON "ModuleDraft"("moduleId");

-- CreateIndex
CREATE INDEX "ModuleDraft_ownerId_idx" ON "ModuleDraft"("ownerId");

-- CreateIndex
CREATE INDEX "ModuleDraft_status_idx" ON "ModuleDraft"("status");

-- CreateIndex
CREATE INDEX "DraftCoAuthor_userId_idx" ON "DraftCoAuthor"("userId");

-- CreateIndex
CREATE INDEX "DraftReview_draftId_submittedAt_idx" ON "DraftReview"("draftId", "submittedAt");

-- CreateIndex
CREATE INDEX "DraftReview_decision_idx" ON "DraftReview"("decision");
