-- CreateTable
CREATE TABLE "UploadLock" (
    "uploadId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "leasedUntil" TIMESTAMP(3) NOT NULL,
    "releaseRequested" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UploadLock_pkey" PRIMARY KEY ("uploadId")
);

-- CreateIndex
CREATE INDEX "UploadLock_leasedUntil_idx" ON "UploadLock"("leasedUntil");
