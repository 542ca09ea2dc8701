-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN "statusListIndex" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_statusListIndex_key" ON "Certificate"("statusListIndex");
