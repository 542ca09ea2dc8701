-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "comparisonRegion" TEXT,
    "assignmentMethod" TEXT NOT NULL,
    "assignedOn" TEXT,
    "lockedAt" DATETIME,
    "lockedById" TEXT,
    "pseudonymKey" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "EvaluationSchool" (
    "evaluationId" TEXT NOT NULL,
    "urn" INTEGER NOT NULL,
    "arm" TEXT NOT NULL,
    "withdrawnOn" TEXT,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("evaluationId", "urn"),
    CONSTRAINT "EvaluationSchool_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EvaluationActivity" (
    "evaluationId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,

    PRIMARY KEY ("evaluationId", "subject"),
    CONSTRAINT "EvaluationActivity_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EvaluationExport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "evaluationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "byName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "purpose" TEXT NOT NULL,
    "agreementRef" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    CONSTRAINT "EvaluationExport_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "EvaluationExport_evaluationId_createdAt_idx" ON "EvaluationExport"("evaluationId", "createdAt");
