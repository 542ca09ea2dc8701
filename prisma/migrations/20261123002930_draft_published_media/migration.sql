-- AlterTable
ALTER TABLE "ModuleDraft" ADD COLUMN "publishedMedia" TEXT;
