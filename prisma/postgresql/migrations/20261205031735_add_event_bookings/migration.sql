-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "bookingRevision" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "joiningUrl" TEXT;

-- CreateTable
CREATE TABLE "EventBooking" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "accessNeeds" TEXT,
    "dietary" TEXT,
    "waitingSince" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "calendarSequence" INTEGER NOT NULL DEFAULT 0,
    "personalDataRemovedAt" TIMESTAMP(3),
    "origin" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventBooking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EventBooking_eventId_status_waitingSince_idx" ON "EventBooking"("eventId", "status", "waitingSince");

-- CreateIndex
CREATE INDEX "EventBooking_userId_status_idx" ON "EventBooking"("userId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "EventBooking_eventId_userId_key" ON "EventBooking"("eventId", "userId");

-- AddForeignKey
ALTER TABLE "EventBooking" ADD CONSTRAINT "EventBooking_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventBooking" ADD CONSTRAINT "EventBooking_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
