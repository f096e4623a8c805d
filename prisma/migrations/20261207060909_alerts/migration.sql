-- AlterTable
ALTER TABLE "sync_state" ADD COLUMN     "alerts_from" TIMESTAMPTZ(3),
ADD COLUMN     "failing_since" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "alert" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "service" TEXT,
    "subject" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "clearing_since" TIMESTAMPTZ(3),
    "notified" BOOLEAN NOT NULL DEFAULT false,
    "muted_until" TIMESTAMPTZ(3),

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_event" (
    "id" BIGSERIAL NOT NULL,
    "alert_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "event_at" TIMESTAMPTZ(3) NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "title" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "silent_reason" TEXT,

    CONSTRAINT "alert_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "event_id" BIGINT NOT NULL,
    "channel" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,
    "last_attempt_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("event_id","channel")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_key_key" ON "alert"("key");

-- CreateIndex
CREATE INDEX "alert_state_rule_idx" ON "alert"("state", "rule");

-- CreateIndex
CREATE INDEX "alert_event_alert_id_id_idx" ON "alert_event"("alert_id", "id" DESC);

-- CreateIndex
CREATE INDEX "alert_event_detected_at_idx" ON "alert_event"("detected_at" DESC);

-- CreateIndex
CREATE INDEX "alert_delivery_state_next_attempt_at_idx" ON "alert_delivery"("state", "next_attempt_at");

-- AddForeignKey
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "alert_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
