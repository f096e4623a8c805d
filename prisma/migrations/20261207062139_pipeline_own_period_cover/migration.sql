-- CreateIndex
CREATE INDEX "pipeline_own_period_cover" ON "pipeline"("service_id", "created_at", "ref_kind", "ref", "status", "duration", "queued_duration") WHERE (parent_pipeline_id IS NULL);
