-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ExerciseRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "activityId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "reportedPassed" BOOLEAN NOT NULL DEFAULT false,
    "verification" TEXT,
    "results" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExerciseRun_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Older runs: what was recorded is what the browser said.
INSERT INTO "new_ExerciseRun" ("activityId", "clientId", "code", "createdAt", "id", "moduleId", "passed", "reportedPassed", "results", "userId", "versionId") SELECT "activityId", "clientId", "code", "createdAt", "id", "moduleId", "passed", "passed", "results", "userId", "versionId" FROM "ExerciseRun";
DROP TABLE "ExerciseRun";
ALTER TABLE "new_ExerciseRun" RENAME TO "ExerciseRun";
CREATE INDEX "ExerciseRun_userId_moduleId_activityId_idx" ON "ExerciseRun"("userId", "moduleId", "activityId");
CREATE UNIQUE INDEX "ExerciseRun_userId_clientId_key" ON "ExerciseRun"("userId", "clientId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
