-- CreateIndex
CREATE INDEX "job_service_period_cover" ON "job"("service_id", "created_at", "retried", "status", "name", "stage", "duration", "pipeline_id");
