-- AlterTable
ALTER TABLE "sync_state" ADD COLUMN     "deployments_checked_at" TIMESTAMPTZ(3);
