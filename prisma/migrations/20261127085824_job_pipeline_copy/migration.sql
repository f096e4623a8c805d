-- DropIndex
DROP INDEX "job_service_period_cover";

-- AlterTable
ALTER TABLE "job" ADD COLUMN     "pipeline_created_at" TIMESTAMPTZ(3),
ADD COLUMN     "ref_kind" "RefKind";

-- Fill the copies for existing jobs. The sync writes them with every job from then on (a job never
-- moves to another pipeline, and a pipeline's creation time and ref never change).
UPDATE "job" j SET "pipeline_created_at" = p."created_at", "ref_kind" = p."ref_kind"
FROM "pipeline" p WHERE p."id" = j."pipeline_id";

-- CreateIndex
CREATE INDEX "job_service_period_cover" ON "job"("service_id", "pipeline_created_at", "retried", "ref_kind", "status", "name", "stage", "duration", "id");
