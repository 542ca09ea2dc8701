-- CreateTable
CREATE TABLE "UploadLock" (
    "uploadId" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "leasedUntil" DATETIME NOT NULL,
    "releaseRequested" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "UploadLock_leasedUntil_idx" ON "UploadLock"("leasedUntil");
