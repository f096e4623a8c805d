-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RefKind" AS ENUM ('MAIN', 'BRANCH', 'TAG');

-- CreateTable
CREATE TABLE "service" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "project_ref" TEXT NOT NULL,
    "gitlab_project_id" INTEGER,
    "web_url" TEXT,

    CONSTRAINT "service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pipeline" (
    "id" BIGINT NOT NULL,
    "iid" INTEGER NOT NULL,
    "service_id" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,
    "ref_kind" "RefKind" NOT NULL,
    "sha" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "name" TEXT,
    "commit_title" TEXT,
    "commit_author" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration" INTEGER,
    "queued_duration" INTEGER,
    "coverage" DOUBLE PRECISION,
    "web_url" TEXT NOT NULL,
    "image_tag" TEXT,
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pipeline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stage_result" (
    "pipeline_id" BIGINT NOT NULL,
    "stage" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "stage_result_pkey" PRIMARY KEY ("pipeline_id","stage")
);

-- CreateTable
CREATE TABLE "job" (
    "id" BIGINT NOT NULL,
    "pipeline_id" BIGINT NOT NULL,
    "service_id" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "allow_failure" BOOLEAN NOT NULL,
    "manual" BOOLEAN NOT NULL DEFAULT false,
    "retried" BOOLEAN NOT NULL DEFAULT false,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration" DOUBLE PRECISION,
    "queued_duration" DOUBLE PRECISION,
    "coverage" DOUBLE PRECISION,
    "web_url" TEXT NOT NULL,

    CONSTRAINT "job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_state" (
    "service_id" INTEGER NOT NULL,
    "cursor" TIMESTAMPTZ(3),
    "backfill_done" BOOLEAN NOT NULL DEFAULT false,
    "backfill_pipelines" INTEGER NOT NULL DEFAULT 0,
    "backfill_total" INTEGER,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "last_error_at" TIMESTAMPTZ(3),
    "last_error_kind" TEXT,
    "last_error" TEXT,
    "consecutive_errors" INTEGER NOT NULL DEFAULT 0,
    "rate_limit_remaining" INTEGER,
    "rate_limit_reset_at" TIMESTAMPTZ(3),
    "last_request_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sync_state_pkey" PRIMARY KEY ("service_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "service_name_key" ON "service"("name");

-- CreateIndex
CREATE UNIQUE INDEX "service_gitlab_project_id_key" ON "service"("gitlab_project_id");

-- CreateIndex
CREATE INDEX "pipeline_service_id_ref_kind_created_at_idx" ON "pipeline"("service_id", "ref_kind", "created_at" DESC);

-- CreateIndex
CREATE INDEX "pipeline_service_id_ref_created_at_idx" ON "pipeline"("service_id", "ref", "created_at" DESC);

-- CreateIndex
CREATE INDEX "pipeline_service_id_created_at_idx" ON "pipeline"("service_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "job_pipeline_id_idx" ON "job"("pipeline_id");

-- CreateIndex
CREATE INDEX "job_service_id_name_created_at_idx" ON "job"("service_id", "name", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "pipeline" ADD CONSTRAINT "pipeline_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_result" ADD CONSTRAINT "stage_result_pipeline_id_fkey" FOREIGN KEY ("pipeline_id") REFERENCES "pipeline"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job" ADD CONSTRAINT "job_pipeline_id_fkey" FOREIGN KEY ("pipeline_id") REFERENCES "pipeline"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job" ADD CONSTRAINT "job_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_state" ADD CONSTRAINT "sync_state_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
