-- AlterTable
ALTER TABLE "test_result" DROP CONSTRAINT "test_result_pkey",
ADD CONSTRAINT "test_result_pkey" PRIMARY KEY ("test_case_id", "pipeline_id", "status", "duration_ms");

-- CreateIndex
CREATE INDEX "pipeline_test_history_cover" ON "pipeline"("service_id", "id", "ref_kind", "created_at", "iid", "sha");
