-- AlterTable
ALTER TABLE "pipeline" ADD COLUMN     "parent_pipeline_id" BIGINT;

-- CreateTable
CREATE TABLE "bridge" (
    "id" BIGINT NOT NULL,
    "pipeline_id" BIGINT NOT NULL,
    "stage" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "allow_failure" BOOLEAN NOT NULL,
    "retried" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration" DOUBLE PRECISION,
    "queued_duration" DOUBLE PRECISION,
    "web_url" TEXT NOT NULL,
    "downstream_pipeline_id" BIGINT,
    "downstream_project_id" INTEGER,
    "downstream_status" TEXT,
    "downstream_web_url" TEXT,

    CONSTRAINT "bridge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bridge_pipeline_id_idx" ON "bridge"("pipeline_id");

-- CreateIndex
CREATE INDEX "bridge_downstream_pipeline_id_idx" ON "bridge"("downstream_pipeline_id");

-- CreateIndex
CREATE INDEX "pipeline_parent_pipeline_id_idx" ON "pipeline"("parent_pipeline_id");

-- AddForeignKey
ALTER TABLE "pipeline" ADD CONSTRAINT "pipeline_parent_pipeline_id_fkey" FOREIGN KEY ("parent_pipeline_id") REFERENCES "pipeline"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bridge" ADD CONSTRAINT "bridge_pipeline_id_fkey" FOREIGN KEY ("pipeline_id") REFERENCES "pipeline"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Child pipelines synced before trigger jobs were read sit among the services' own pipelines (GitLab
-- lists them with source parent_pipeline). Their parents (same service, ref and sha, created before
-- them) get a version no answer is older than, the services' pipeline cursors start again from the
-- window, and the children go: the next poll re-reads those parents with their trigger jobs, which
-- stores each child again, linked to its parent.
UPDATE "pipeline" p SET "updated_at" = 'epoch'
WHERE p."source" <> 'parent_pipeline' AND EXISTS (
  SELECT 1 FROM "pipeline" c
  WHERE c."source" = 'parent_pipeline' AND c."service_id" = p."service_id" AND c."ref" = p."ref"
    AND c."sha" = p."sha" AND c."created_at" >= p."created_at");

DELETE FROM "sync_cursor" WHERE "step" = 'pipelines'
  AND "service_id" IN (SELECT DISTINCT "service_id" FROM "pipeline" WHERE "source" = 'parent_pipeline');

DELETE FROM "pipeline" WHERE "source" = 'parent_pipeline';
