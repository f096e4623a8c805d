-- AlterTable
ALTER TABLE "pipeline" ADD COLUMN     "timings_from_gitlab" BOOLEAN NOT NULL DEFAULT false;
