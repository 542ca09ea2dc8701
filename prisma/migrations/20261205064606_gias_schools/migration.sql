-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN "urn" INTEGER;

-- CreateTable
CREATE TABLE "School" (
    "urn" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "laCode" TEXT NOT NULL,
    "laName" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "openedOn" TEXT,
    "closedOn" TEXT,
    "canonicalUrn" INTEGER NOT NULL,
    "searchText" TEXT NOT NULL,
    "importedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SchoolLink" (
    "urn" INTEGER NOT NULL,
    "linkUrn" INTEGER NOT NULL,
    "linkType" TEXT NOT NULL,

    PRIMARY KEY ("urn", "linkUrn")
);

-- CreateTable
CREATE TABLE "GiasImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "links" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "startedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "School_canonicalUrn_idx" ON "School"("canonicalUrn");
