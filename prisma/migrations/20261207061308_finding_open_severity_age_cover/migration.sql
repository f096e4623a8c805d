-- DropIndex
DROP INDEX "finding_open_severity_first_seen_at_idx";

-- CreateIndex
CREATE INDEX "finding_open_severity_age_cover" ON "finding"("open", "severity", "first_seen_at", "id" DESC, "service_id", "tool", "dojo_state");
