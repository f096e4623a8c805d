-- AlterTable
ALTER TABLE "sync_state" ADD COLUMN     "deployment_cursor" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "deployment" (
    "id" BIGINT NOT NULL,
    "iid" INTEGER NOT NULL,
    "service_id" INTEGER NOT NULL,
    "environment" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "sha" TEXT NOT NULL,
    "job_id" BIGINT,
    "job_status" TEXT,
    "allow_failure" BOOLEAN NOT NULL DEFAULT false,
    "pipeline_id" BIGINT,
    "commit_title" TEXT,
    "commit_created_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "environment" (
    "id" BIGINT NOT NULL,
    "service_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "external_url" TEXT,
    "state" TEXT NOT NULL,
    "tier" TEXT,
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "environment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ci_config_check" (
    "service_id" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,
    "blob_id" TEXT,
    "templates_ref" TEXT,
    "templates" TEXT[],
    "problems" TEXT[],
    "error" TEXT,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ci_config_check_pkey" PRIMARY KEY ("service_id")
);

-- CreateIndex
CREATE INDEX "deployment_service_id_environment_created_at_idx" ON "deployment"("service_id", "environment", "created_at" DESC);

-- CreateIndex
CREATE INDEX "deployment_pipeline_id_idx" ON "deployment"("pipeline_id");

-- CreateIndex
CREATE UNIQUE INDEX "environment_service_id_name_key" ON "environment"("service_id", "name");

-- AddForeignKey
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "environment" ADD CONSTRAINT "environment_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ci_config_check" ADD CONSTRAINT "ci_config_check_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
