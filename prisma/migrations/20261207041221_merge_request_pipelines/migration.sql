-- AlterEnum
ALTER TYPE "RefKind" ADD VALUE 'MERGE_REQUEST';

-- AlterTable
ALTER TABLE "pipeline" ADD COLUMN     "merge_request_iid" INTEGER;

-- CreateTable
CREATE TABLE "merge_request" (
    "service_id" INTEGER NOT NULL,
    "iid" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "source_branch" TEXT NOT NULL,
    "target_branch" TEXT NOT NULL,
    "web_url" TEXT NOT NULL,
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "merge_request_pkey" PRIMARY KEY ("service_id","iid")
);

-- AddForeignKey
ALTER TABLE "merge_request" ADD CONSTRAINT "merge_request_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
