-- CreateTable
CREATE TABLE "scan_report" (
    "id" BIGSERIAL NOT NULL,
    "job_id" BIGINT NOT NULL,
    "pipeline_id" BIGINT NOT NULL,
    "service_id" INTEGER NOT NULL,
    "pipeline_created_at" TIMESTAMPTZ(3) NOT NULL,
    "ref_kind" "RefKind" NOT NULL,
    "tool" TEXT NOT NULL,
    "artifact" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "message" TEXT,
    "critical" INTEGER NOT NULL DEFAULT 0,
    "high" INTEGER NOT NULL DEFAULT 0,
    "medium" INTEGER NOT NULL DEFAULT 0,
    "low" INTEGER NOT NULL DEFAULT 0,
    "info" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "previous_report_id" BIGINT,
    "new_count" INTEGER,
    "fixed_count" INTEGER,
    "compared_at" TIMESTAMPTZ(3),
    "line_rate" DOUBLE PRECISION,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scan_report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finding" (
    "id" BIGSERIAL NOT NULL,
    "service_id" INTEGER NOT NULL,
    "tool" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "file" TEXT,
    "line" INTEGER,
    "package_name" TEXT,
    "installed_version" TEXT,
    "fixed_version" TEXT,
    "links" TEXT[],
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "first_pipeline_id" BIGINT NOT NULL,
    "last_pipeline_id" BIGINT NOT NULL,
    "last_job_id" BIGINT NOT NULL,
    "open" BOOLEAN NOT NULL DEFAULT false,
    "fixed_at" TIMESTAMPTZ(3),
    "fixed_pipeline_id" BIGINT,
    "dojo_finding_id" BIGINT,
    "dojo_finding_url" TEXT,
    "dojo_state" TEXT,
    "sonar_issue_key" TEXT,
    "sonar_issue_url" TEXT,

    CONSTRAINT "finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finding_occurrence" (
    "report_id" BIGINT NOT NULL,
    "finding_id" BIGINT NOT NULL,
    "is_new" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "finding_occurrence_pkey" PRIMARY KEY ("report_id","finding_id")
);

-- CreateTable
CREATE TABLE "sonar_analysis" (
    "pipeline_id" BIGINT NOT NULL,
    "service_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "message" TEXT,
    "project_key" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "analysis_key" TEXT,
    "analysed_at" TIMESTAMPTZ(3),
    "quality_gate" TEXT,
    "failed_conditions" TEXT[],
    "coverage" DOUBLE PRECISION,
    "bugs" INTEGER,
    "vulnerabilities" INTEGER,
    "code_smells" INTEGER,
    "security_hotspots" INTEGER,
    "duplicated_lines_density" DOUBLE PRECISION,
    "ncloc" INTEGER,
    "issues_critical" INTEGER,
    "issues_high" INTEGER,
    "issues_medium" INTEGER,
    "issues_low" INTEGER,
    "issues_info" INTEGER,
    "dashboard_url" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sonar_analysis_pkey" PRIMARY KEY ("pipeline_id")
);

-- CreateTable
CREATE TABLE "defectdojo_test" (
    "pipeline_id" BIGINT NOT NULL,
    "service_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "message" TEXT,
    "test_id" BIGINT,
    "engagement_id" BIGINT,
    "matched_by" TEXT,
    "counts" JSONB,
    "url" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "defectdojo_test_pkey" PRIMARY KEY ("pipeline_id")
);

-- CreateIndex
CREATE INDEX "scan_report_service_id_tool_ref_kind_pipeline_created_at_idx" ON "scan_report"("service_id", "tool", "ref_kind", "pipeline_created_at");

-- CreateIndex
CREATE INDEX "scan_report_pipeline_id_idx" ON "scan_report"("pipeline_id");

-- CreateIndex
CREATE UNIQUE INDEX "scan_report_job_id_artifact_key" ON "scan_report"("job_id", "artifact");

-- CreateIndex
CREATE INDEX "finding_open_severity_first_seen_at_idx" ON "finding"("open", "severity", "first_seen_at");

-- CreateIndex
CREATE INDEX "finding_service_id_open_severity_idx" ON "finding"("service_id", "open", "severity");

-- CreateIndex
CREATE UNIQUE INDEX "finding_service_id_tool_fingerprint_key" ON "finding"("service_id", "tool", "fingerprint");

-- CreateIndex
CREATE INDEX "finding_occurrence_finding_id_idx" ON "finding_occurrence"("finding_id");

-- CreateIndex
CREATE INDEX "sonar_analysis_service_id_status_idx" ON "sonar_analysis"("service_id", "status");

-- CreateIndex
CREATE INDEX "defectdojo_test_service_id_status_idx" ON "defectdojo_test"("service_id", "status");

-- AddForeignKey
ALTER TABLE "scan_report" ADD CONSTRAINT "scan_report_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_report" ADD CONSTRAINT "scan_report_pipeline_id_fkey" FOREIGN KEY ("pipeline_id") REFERENCES "pipeline"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_report" ADD CONSTRAINT "scan_report_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding" ADD CONSTRAINT "finding_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding_occurrence" ADD CONSTRAINT "finding_occurrence_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "scan_report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding_occurrence" ADD CONSTRAINT "finding_occurrence_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "finding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sonar_analysis" ADD CONSTRAINT "sonar_analysis_pipeline_id_fkey" FOREIGN KEY ("pipeline_id") REFERENCES "pipeline"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "defectdojo_test" ADD CONSTRAINT "defectdojo_test_pipeline_id_fkey" FOREIGN KEY ("pipeline_id") REFERENCES "pipeline"("id") ON DELETE CASCADE ON UPDATE CASCADE;
