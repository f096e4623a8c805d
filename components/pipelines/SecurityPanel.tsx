import { SEVERITIES, type Severity, type SeverityCounts } from "@/lib/domain/cwiq";
import { CopyButton } from "../text/CopyButton";
import { Truncated } from "../text/Truncated";
import type { PipelineArtifact, PipelineDojo, PipelineSecurity, PipelineSonar } from "@/lib/pages/pipelines/types";

/*
 * What the run's scanners found, per artifact: counts by severity, new and fixed against the
 * previous main run; the SonarQube quality gate and the DefectDojo test, with links to both.
 * An artifact GitLab no longer has is shown as unavailable, never as clean.
 */

const SEVERITY_LOOK: Record<Severity, string> = {
  CRITICAL: "bg-red-700 text-white",
  HIGH: "bg-orange-200 text-orange-950",
  MEDIUM: "bg-warn-soft text-warn",
  LOW: "bg-info-soft text-info",
  INFO: "bg-subtle text-body",
};
const TOOL_NAMES: Record<string, string> = {
  semgrep: "Semgrep",
  "trivy-fs": "Trivy filesystem",
  "trivy-image": "Trivy image",
  cobertura: "Coverage (Cobertura)",
  dotenv: "Build env",
};

function SeverityCountsRow({ counts }: { counts: SeverityCounts }) {
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Findings by severity">
      {SEVERITIES.map((s) => (
        <li key={s} className={`rounded px-1.5 py-0.5 text-xs tabular-nums ${counts[s] === 0 ? "bg-subtle text-muted" : SEVERITY_LOOK[s]}`}>
          {s.toLowerCase()} {counts[s]}
        </li>
      ))}
    </ul>
  );
}

function ExternalLink({ href, children, testId }: { href: string; children: React.ReactNode; testId?: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className="text-link hover:underline" data-testid={testId}>
      {children}
      <span className="sr-only"> (opens in a new tab)</span>
      <span aria-hidden> ↗</span>
    </a>
  );
}

function ArtifactRow({ artifact }: { artifact: PipelineArtifact }) {
  const name = TOOL_NAMES[artifact.tool] ?? artifact.tool;
  return (
    <tr className="border-t border-line align-top" data-testid="scan-artifact" data-tool={artifact.tool} data-status={artifact.status}>
      <th scope="row" className="py-1.5 pr-3 text-left font-medium text-body">
        {name}
        <div className="font-mono text-xs font-normal text-muted">{artifact.artifact}</div>
      </th>
      <td className="py-1.5 pr-3">
        {artifact.status === "ok" ? (
          artifact.tool === "cobertura" ? (
            <span className="tabular-nums">{artifact.lineRate === null ? "—" : `${(artifact.lineRate * 100).toFixed(1)}% of lines`}</span>
          ) : artifact.tool === "dotenv" ? (
            <span className="text-muted">read</span>
          ) : (
            <SeverityCountsRow counts={artifact.counts} />
          )
        ) : artifact.status === "unavailable" ? (
          <span className="text-muted" title={artifact.message ?? undefined}>
            ⊘ unavailable — GitLab has no such file (not the same as clean)
          </span>
        ) : (
          <span role="note" className="text-bad">
            ⚠ could not be read: {artifact.message}
          </span>
        )}
      </td>
      <td className="py-1.5 pr-3 text-sm tabular-nums text-body">
        {artifact.newCount === null ? (
          <span className="text-muted">—</span>
        ) : (
          <>
            <span className={artifact.newCount > 0 ? "font-medium text-bad" : undefined}>+{artifact.newCount} new</span>
            {" · "}
            <span className={artifact.fixedCount ? "font-medium text-ok" : undefined}>−{artifact.fixedCount ?? 0} fixed</span>
          </>
        )}
      </td>
      <td className="py-1.5 text-sm">
        <ExternalLink href={artifact.jobWebUrl}>job</ExternalLink>
      </td>
    </tr>
  );
}

const GATE_LOOK: Record<string, string> = {
  OK: "bg-ok-soft text-ok ring-ok-line",
  WARN: "bg-warn-soft text-warn ring-warn-line",
  ERROR: "bg-bad-soft text-bad ring-bad-line",
};

function SonarBlock({ sonar }: { sonar: PipelineSonar | null }) {
  if (!sonar) return <p className="text-sm text-muted">Not linked yet.</p>;
  if (sonar.status !== "found") {
    return (
      <p className={`text-sm ${sonar.status === "error" ? "text-bad" : "text-muted"}`} role={sonar.status === "error" ? "note" : undefined}>
        {sonar.message}
      </p>
    );
  }
  const gate = sonar.qualityGate ?? "NONE";
  return (
    <div className="space-y-1.5 text-sm" data-testid="sonar-analysis">
      <p className="flex flex-wrap items-center gap-2">
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${GATE_LOOK[gate] ?? "bg-subtle text-body ring-line-strong"}`}>
          Quality gate {gate === "OK" ? "passed" : gate === "ERROR" ? "failed" : gate.toLowerCase()}
        </span>
        <ExternalLink href={sonar.dashboardUrl} testId="sonar-link">
          SonarQube dashboard
        </ExternalLink>
      </p>
      {sonar.failedConditions.length > 0 && (
        <ul className="list-inside list-disc text-xs text-body">
          {sonar.failedConditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      {sonar.measures.ncloc !== null && (
        <p className="text-xs text-muted">
          coverage {sonar.measures.coverage ?? "—"}% · bugs {sonar.measures.bugs ?? "—"} · vulnerabilities {sonar.measures.vulnerabilities ?? "—"} ·
          hotspots {sonar.measures.securityHotspots ?? "—"} · code smells {sonar.measures.codeSmells ?? "—"} · duplication{" "}
          {sonar.measures.duplicatedLinesDensity ?? "—"}% · {sonar.measures.ncloc} lines
        </p>
      )}
      {sonar.issues && <SeverityCountsRow counts={sonar.issues} />}
    </div>
  );
}

const DOJO_STATES = ["active", "verified", "false_positive", "duplicate", "mitigated", "risk_accepted"] as const;

function DojoBlock({ dojo }: { dojo: PipelineDojo | null }) {
  if (!dojo) return <p className="text-sm text-muted">Not linked yet.</p>;
  if (dojo.status !== "found" || !dojo.url) {
    return (
      <p className={`text-sm ${dojo.status === "error" ? "text-bad" : "text-muted"}`} role={dojo.status === "error" ? "note" : undefined}>
        {dojo.message}
      </p>
    );
  }
  return (
    <div className="space-y-1.5 text-sm" data-testid="dojo-test">
      <p>
        <ExternalLink href={dojo.url} testId="dojo-link">
          DefectDojo test {dojo.testId}
        </ExternalLink>{" "}
        <span className="text-xs text-muted">(found by {dojo.matchedBy?.replace("_", " ")})</span>
      </p>
      {dojo.counts && (
        <div className="relative overflow-x-auto" role="region" aria-label="DefectDojo findings by severity and state" tabIndex={0}>
          <table className="text-xs tabular-nums">
            <thead>
              <tr className="text-muted">
                <th className="pr-2 text-left font-normal">severity</th>
                {DOJO_STATES.map((s) => (
                  <th key={s} className="px-1 text-right font-normal">
                    {s.replace("_", " ")}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {SEVERITIES.map((sev) => (
                <tr key={sev}>
                  <th scope="row" className="pr-2 text-left font-normal">
                    {sev.toLowerCase()}
                  </th>
                  {DOJO_STATES.map((s) => (
                    <td key={s} className="px-1 text-right">
                      {dojo.counts?.[sev]?.[s] ?? 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function SecurityPanel({ security, refKind }: { security: PipelineSecurity; refKind: string }) {
  const scans = security.artifacts;
  return (
    <section className="rounded-lg border border-line bg-surface p-4" aria-labelledby="security-heading" data-testid="security-panel">
      <h2 id="security-heading" className="text-base font-semibold text-ink">
        Scans and artifacts
      </h2>
      {security.imageTag && (
        <p className="mt-1 flex min-w-0 items-baseline gap-2 text-sm text-muted">
          <span className="shrink-0">Image tag</span>
          <Truncated text={security.imageTag} className="font-mono text-ink" />
          <CopyButton value={security.imageTag} what="image tag" />
        </p>
      )}
      {security.withheld && (
        <p className="mt-2 text-sm text-muted" data-testid="security-withheld">
          Scan findings, SonarQube and DefectDojo are not shown: your role in this GitLab project is below the one Stageboard requires for security findings.
        </p>
      )}
      {scans.length === 0 ? (
        <p className="mt-2 text-sm text-muted">No artifacts read yet: they are fetched once the jobs have finished.</p>
      ) : (
        <div className="mt-2 relative overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-muted">
                <th className="pb-1 pr-3 font-normal">artifact</th>
                <th className="pb-1 pr-3 font-normal">result</th>
                <th className="pb-1 pr-3 font-normal" title="Against the previous main pipeline's report of the same scanner">
                  new / fixed{refKind === "main" ? "" : " (main runs only)"}
                </th>
                <th className="pb-1 font-normal">GitLab</th>
              </tr>
            </thead>
            <tbody>
              {scans.map((a) => (
                <ArtifactRow key={`${a.jobId}-${a.artifact}`} artifact={a} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {refKind === "main" && !security.withheld && (
        <div className="mt-4 grid gap-4 md:grid-cols-2">
          <div>
            <h3 className="mb-1 text-sm font-semibold text-body">SonarQube</h3>
            <SonarBlock sonar={security.sonar} />
          </div>
          <div>
            <h3 className="mb-1 text-sm font-semibold text-body">DefectDojo</h3>
            <DojoBlock dojo={security.dojo} />
          </div>
        </div>
      )}
    </section>
  );
}
