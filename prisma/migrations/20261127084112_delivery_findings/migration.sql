-- AlterTable
ALTER TABLE "sync_state" ADD COLUMN     "findings_cursor" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "pipeline_finding" (
    "pipeline_id" BIGINT NOT NULL,
    "rule" TEXT NOT NULL,
    "service_id" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pipeline_finding_pkey" PRIMARY KEY ("pipeline_id","rule")
);

-- CreateIndex
CREATE INDEX "pipeline_finding_created_at_idx" ON "pipeline_finding"("created_at" DESC);

-- AddForeignKey
ALTER TABLE "pipeline_finding" ADD CONSTRAINT "pipeline_finding_pipeline_id_fkey" FOREIGN KEY ("pipeline_id") REFERENCES "pipeline"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pipeline_finding" ADD CONSTRAINT "pipeline_finding_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
