-- AlterTable
ALTER TABLE "Event" ADD COLUMN "sourceText" TEXT;
