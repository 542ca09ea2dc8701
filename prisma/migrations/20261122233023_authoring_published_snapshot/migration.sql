-- AlterTable
ALTER TABLE "ModuleDraft" ADD COLUMN "publishedFiles" TEXT;
ALTER TABLE "ModuleDraft" ADD COLUMN "publishedYaml" TEXT;
