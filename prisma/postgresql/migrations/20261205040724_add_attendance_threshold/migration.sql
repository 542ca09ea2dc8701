-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "attendanceThreshold" INTEGER NOT NULL DEFAULT 75;
