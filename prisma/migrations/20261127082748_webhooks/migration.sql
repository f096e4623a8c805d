-- CreateTable
CREATE TABLE "webhook_event" (
    "kind" TEXT NOT NULL,
    "project_id" INTEGER NOT NULL,
    "object_id" BIGINT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_event_pkey" PRIMARY KEY ("kind","project_id","object_id")
);

-- CreateIndex
CREATE INDEX "webhook_event_received_at_idx" ON "webhook_event"("received_at");
