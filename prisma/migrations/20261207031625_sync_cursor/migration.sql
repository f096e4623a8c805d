-- One cursor row per (service, sync step) instead of a column per step (lib/ingest/cursors.ts).
-- CreateTable
CREATE TABLE "sync_cursor" (
    "service_id" INTEGER NOT NULL,
    "step" TEXT NOT NULL,
    "position" TIMESTAMPTZ(3),
    "checked_at" TIMESTAMPTZ(3),

    CONSTRAINT "sync_cursor_pkey" PRIMARY KEY ("service_id","step")
);

-- AddForeignKey
ALTER TABLE "sync_cursor" ADD CONSTRAINT "sync_cursor_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The cursors kept so far move over, so a running installation resumes where it stood.
INSERT INTO "sync_cursor" ("service_id", "step", "position", "checked_at")
SELECT "service_id", 'pipelines', "cursor", NULL FROM "sync_state" WHERE "cursor" IS NOT NULL
UNION ALL
SELECT "service_id", 'deployments', "deployment_cursor", "deployments_checked_at" FROM "sync_state"
  WHERE "deployment_cursor" IS NOT NULL OR "deployments_checked_at" IS NOT NULL
UNION ALL
SELECT "service_id", 'rule-findings', "findings_cursor", NULL FROM "sync_state" WHERE "findings_cursor" IS NOT NULL;

-- AlterTable
ALTER TABLE "sync_state" DROP COLUMN "cursor",
DROP COLUMN "deployment_cursor",
DROP COLUMN "deployments_checked_at",
DROP COLUMN "findings_cursor";
