-- CreateIndex
CREATE INDEX "finding_open_triage_cover" ON "finding"("open", "severity", "service_id", "tool", "dojo_state", "first_seen_at", "last_seen_at", "id");

-- CreateIndex
CREATE INDEX "finding_fixed_cover" ON "finding"("fixed_at", "severity", "service_id", "tool", "first_seen_at");
