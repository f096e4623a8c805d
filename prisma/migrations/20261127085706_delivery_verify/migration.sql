-- AlterTable
ALTER TABLE "deployment" ADD COLUMN     "verify_finished_at" TIMESTAMPTZ(3),
ADD COLUMN     "verify_status" TEXT;

-- Judge every stored pipeline again, so deployments synced before this migration get their verify-dev outcome.
UPDATE "sync_state" SET "findings_cursor" = NULL;
