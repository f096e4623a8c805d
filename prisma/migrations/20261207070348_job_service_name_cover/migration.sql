-- DropIndex
DROP INDEX "job_service_period_cover";

-- CreateIndex
CREATE INDEX "job_service_name_cover" ON "job"("service_id", "retried", "name", "pipeline_created_at", "ref_kind", "status", "stage", "duration", "id");
