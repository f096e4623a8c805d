-- AlterTable
ALTER TABLE "alert_event" ADD COLUMN     "reason" TEXT;
