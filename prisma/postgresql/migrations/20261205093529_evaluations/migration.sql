-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "comparisonRegion" TEXT,
    "assignmentMethod" TEXT NOT NULL,
    "assignedOn" TEXT,
    "lockedAt" TIMESTAMP(3),
    "lockedById" TEXT,
    "pseudonymKey" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvaluationSchool" (
    "evaluationId" TEXT NOT NULL,
    "urn" INTEGER NOT NULL,
    "arm" TEXT NOT NULL,
    "withdrawnOn" TEXT,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvaluationSchool_pkey" PRIMARY KEY ("evaluationId","urn")
);

-- CreateTable
CREATE TABLE "EvaluationActivity" (
    "evaluationId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,

    CONSTRAINT "EvaluationActivity_pkey" PRIMARY KEY ("evaluationId","subject")
);

-- CreateTable
CREATE TABLE "EvaluationExport" (
    "id" TEXT NOT NULL,
    "evaluationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "byName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "purpose" TEXT NOT NULL,
    "agreementRef" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "EvaluationExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EvaluationExport_evaluationId_createdAt_idx" ON "EvaluationExport"("evaluationId", "createdAt");

-- AddForeignKey
ALTER TABLE "EvaluationSchool" ADD CONSTRAINT "EvaluationSchool_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvaluationActivity" ADD CONSTRAINT "EvaluationActivity_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvaluationExport" ADD CONSTRAINT "EvaluationExport_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
