-- AlterTable
ALTER TABLE "pipeline" ADD COLUMN     "tests_errored" INTEGER,
ADD COLUMN     "tests_failed" INTEGER,
ADD COLUMN     "tests_skipped" INTEGER,
ADD COLUMN     "tests_total" INTEGER;
