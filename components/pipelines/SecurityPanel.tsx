import { SEVERITIES, type Severity, type SeverityCounts } from "@/lib/domain/cwiq";
import type { PipelineArtifact, PipelineDojo, PipelineSecurity, PipelineSonar } from "@/lib/pages/pipelines/types";

/*
 * What the run's scanners found, per artifact: counts by severity, new and fixed against the
 * previous main run; the SonarQube quality gate and the DefectDojo test, with links to both.
 * An artifact GitLab no longer has is shown as unavailable, never as clean.
 */

const SEVERITY_LOOK: Record<Severity, string> = {
  CRITICAL: "bg-red-700 text-white",
  HIGH: "bg-orange-200 text-orange-950",
  MEDIUM: "bg-amber-100 text-amber-950",
  LOW: "bg-sky-100 text-sky-950",
  INFO: "bg-slate-100 text-slate-700",
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
        <li key={s} className={`rounded px-1.5 py-0.5 text-xs tabular-nums ${counts[s] === 0 ? "bg-slate-50 text-slate-400" : SEVERITY_LOOK[s]}`}>
          {s.toLowerCase()} {counts[s]}
        </li>
      ))}
    </ul>
  );
}

function ExternalLink({ href, children, testId }: { href: string; children: React.ReactNode; testId?: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className="text-sky-700 hover:underline" data-testid={testId}>
      {children}
      <span className="sr-only"> (opens in a new tab)</span>
      <span aria-hidden> ↗</span>
    </a>
  );
}

function ArtifactRow({ artifact }: { artifact: PipelineArtifact }) {
  const name = TOOL_NAMES[artifact.tool] ?? artifact.tool;
  return (
    <tr className="border-t border-slate-100 align-top" data-testid="scan-artifact" data-tool={artifact.tool} data-status={artifact.status}>
      <th scope="row" className="py-1.5 pr-3 text-left font-medium text-slate-800">
        {name}
        <div className="font-mono text-xs font-normal text-slate-500">{artifact.artifact}</div>
      </th>
      <td className="py-1.5 pr-3">
        {artifact.status === "ok" ? (
          artifact.tool === "cobertura" ? (
            <span className="tabular-nums">{artifact.lineRate === null ? "—" : `${(artifact.lineRate * 100).toFixed(1)}% of lines`}</span>
          ) : artifact.tool === "dotenv" ? (
            <span className="text-slate-600">read</span>
          ) : (
            <SeverityCountsRow counts={artifact.counts} />
          )
        ) : artifact.status === "unavailable" ? (
          <span className="text-slate-600" title={artifact.message ?? undefined}>
            ⊘ unavailable — GitLab has no such file (not the same as clean)
          </span>
        ) : (
          <span role="note" className="text-red-800">
            ⚠ could not be read: {artifact.message}
          </span>
        )}
      </td>
      <td className="py-1.5 pr-3 text-sm tabular-nums text-slate-700">
        {artifact.newCount === null ? (
          <span className="text-slate-400">—</span>
        ) : (
          <>
            <span className={artifact.newCount > 0 ? "font-medium text-red-800" : undefined}>+{artifact.newCount} new</span>
            {" · "}
            <span className={artifact.fixedCount ? "font-medium text-emerald-800" : undefined}>−{artifact.fixedCount ?? 0} fixed</span>
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
  OK: "bg-emerald-100 text-emerald-900 ring-emerald-400",
  WARN: "bg-amber-100 text-amber-900 ring-amber-400",
  ERROR: "bg-red-100 text-red-900 ring-red-400",
};

function SonarBlock({ sonar }: { sonar: PipelineSonar | null }) {
  if (!sonar) return <p className="text-sm text-slate-500">Not linked yet.</p>;
  if (sonar.status !== "found") {
    return (
      <p className={`text-sm ${sonar.status === "error" ? "text-red-800" : "text-slate-600"}`} role={sonar.status === "error" ? "note" : undefined}>
        {sonar.message}
      </p>
    );
  }
  const gate = sonar.qualityGate ?? "NONE";
  return (
    <div className="space-y-1.5 text-sm" data-testid="sonar-analysis">
      <p className="flex flex-wrap items-center gap-2">
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${GATE_LOOK[gate] ?? "bg-slate-100 text-slate-700 ring-slate-300"}`}>
          Quality gate {gate === "OK" ? "passed" : gate === "ERROR" ? "failed" : gate.toLowerCase()}
        </span>
        <ExternalLink href={sonar.dashboardUrl} testId="sonar-link">
          SonarQube dashboard
        </ExternalLink>
      </p>
      {sonar.failedConditions.length > 0 && (
        <ul className="list-inside list-disc text-xs text-slate-700">
          {sonar.failedConditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      {sonar.measures.ncloc !== null && (
        <p className="text-xs text-slate-600">
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
  if (!dojo) return <p className="text-sm text-slate-500">Not linked yet.</p>;
  if (dojo.status !== "found" || !dojo.url) {
    return (
      <p className={`text-sm ${dojo.status === "error" ? "text-red-800" : "text-slate-600"}`} role={dojo.status === "error" ? "note" : undefined}>
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
        <span className="text-xs text-slate-500">(found by {dojo.matchedBy?.replace("_", " ")})</span>
      </p>
      {dojo.counts && (
        <table className="text-xs tabular-nums">
          <thead>
            <tr className="text-slate-500">
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
      )}
    </div>
  );
}

export function SecurityPanel({ security, refKind }: { security: PipelineSecurity; refKind: string }) {
  const scans = security.artifacts;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="security-heading" data-testid="security-panel">
      <h2 id="security-heading" className="text-base font-semibold text-slate-900">
        Scans and artifacts
      </h2>
      {security.imageTag && (
        <p className="mt-1 text-sm text-slate-600">
          Image tag <code className="font-mono text-slate-900">{security.imageTag}</code>
        </p>
      )}
      {scans.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No artifacts read yet: they are fetched once the jobs have finished.</p>
      ) : (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-slate-500">
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
      {refKind === "main" && (
        <div className="mt-4 grid gap-4 md:grid-cols-2">
          <div>
            <h3 className="mb-1 text-sm font-semibold text-slate-800">SonarQube</h3>
            <SonarBlock sonar={security.sonar} />
          </div>
          <div>
            <h3 className="mb-1 text-sm font-semibold text-slate-800">DefectDojo</h3>
            <DojoBlock dojo={security.dojo} />
          </div>
        </div>
      )}
    </section>
  );
}
