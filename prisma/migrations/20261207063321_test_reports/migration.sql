-- AlterTable
ALTER TABLE "pipeline" ADD COLUMN     "test_report_attempts" SMALLINT NOT NULL DEFAULT 0,
ADD COLUMN     "test_report_error" TEXT,
ADD COLUMN     "test_report_for" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "test_case" (
    "id" SERIAL NOT NULL,
    "service_id" INTEGER NOT NULL,
    "suite" TEXT NOT NULL,
    "classname" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "file" TEXT,

    CONSTRAINT "test_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "test_result" (
    "test_case_id" INTEGER NOT NULL,
    "pipeline_id" BIGINT NOT NULL,
    "status" SMALLINT NOT NULL,
    "duration_ms" INTEGER NOT NULL,

    CONSTRAINT "test_result_pkey" PRIMARY KEY ("test_case_id","pipeline_id")
);

-- CreateTable
CREATE TABLE "test_failure" (
    "pipeline_id" BIGINT NOT NULL,
    "test_case_id" INTEGER NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "test_failure_pkey" PRIMARY KEY ("pipeline_id","test_case_id")
);

-- CreateIndex
CREATE INDEX "test_case_service_id_name_idx" ON "test_case"("service_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "test_case_service_id_suite_classname_name_key" ON "test_case"("service_id", "suite", "classname", "name");

-- CreateIndex
CREATE INDEX "test_failure_test_case_id_idx" ON "test_failure"("test_case_id");

-- CreateIndex
CREATE INDEX "pipeline_service_id_sha_idx" ON "pipeline"("service_id", "sha");

-- AddForeignKey
ALTER TABLE "test_case" ADD CONSTRAINT "test_case_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "test_failure" ADD CONSTRAINT "test_failure_pipeline_id_fkey" FOREIGN KEY ("pipeline_id") REFERENCES "pipeline"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "test_failure" ADD CONSTRAINT "test_failure_test_case_id_fkey" FOREIGN KEY ("test_case_id") REFERENCES "test_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
