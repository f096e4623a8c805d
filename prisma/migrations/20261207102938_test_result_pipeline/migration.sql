-- CreateIndex
CREATE INDEX "test_result_pipeline_id_idx" ON "test_result"("pipeline_id");
