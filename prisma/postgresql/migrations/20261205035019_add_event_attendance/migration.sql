-- AlterTable
ALTER TABLE "EventSession" ADD COLUMN     "checkInCode" TEXT;

-- CreateTable
CREATE TABLE "EventAttendance" (
    "bookingId" TEXT NOT NULL,
    "sessionKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedBy" TEXT,

    CONSTRAINT "EventAttendance_pkey" PRIMARY KEY ("bookingId","sessionKey")
);

-- AddForeignKey
ALTER TABLE "EventAttendance" ADD CONSTRAINT "EventAttendance_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "EventBooking"("id") ON DELETE CASCADE ON UPDATE CASCADE;
