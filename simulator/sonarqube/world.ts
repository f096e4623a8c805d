import { DAY_MS } from "@/lib/domain/time";
import type { FindingsWorld, SimFinding, SimSeverity } from "../findings/types";
import type { SimProject, SimulationModel } from "../model";
import type { PlannedJob, PlannedPipeline } from "../plan";
import { Rng } from "../random";
import { OwnIssues, uuidFrom, type SonarIssueType, type SonarLegacySeverity } from "./own-issues";

/**
 * What the simulated SonarQube knows, derived from the GitLab model: every main pipeline whose
 * `sonarqube-scan` job succeeded produced an analysis (date = the job's finish, revision = the sha),
 * visible once the clock passes it. Issues are the world's Semgrep and Trivy-fs findings present at
 * that commit (imported from SARIF) plus SonarQube's own code smells and bugs.
 */

const SCAN_JOB = "sonarqube-scan";

export interface SimAnalysis {
  key: string;
  project: SimProject;
  pipeline: PlannedPipeline;
  /** The scan job's finish. */
  date: number;
  /** The analysed commit's time, which decides what the code contained. */
  commitAt: number;
}

export interface SimCondition {
  status: "OK" | "ERROR";
  metricKey: string;
  comparator: "LT" | "GT";
  errorThreshold: string;
  actualValue: string;
}

export interface SimSonarIssue {
  key: string;
  rule: string;
  type: SonarIssueType;
  severity: SonarLegacySeverity;
  message: string;
  file: string | null;
  line: number | null;
  /** When the issue first appeared (commit time). */
  since: number;
}

export interface SimMeasures {
  coverage: number;
  bugs: number;
  vulnerabilities: number;
  code_smells: number;
  security_hotspots: number;
  duplicated_lines_density: number;
  ncloc: number;
}

const TO_SONAR: Readonly<Record<SimSeverity, SonarLegacySeverity>> = {
  CRITICAL: "BLOCKER",
  HIGH: "CRITICAL",
  MEDIUM: "MAJOR",
  LOW: "MINOR",
  INFO: "INFO",
};

const NCLOC_BASE = [48_000, 21_000, 35_000, 16_000];

/** SonarQube's default project key for a GitLab project (`cwiq/server` → `cwiq_server`). */
export function simProjectKey(project: SimProject): string {
  return project.pathWithNamespace.replaceAll("/", "_");
}

/** SonarQube's timestamp format: `2026-11-27T08:00:15+0000`. */
export function sonarDate(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, "+0000");
}

function scanFinishedAt(pipeline: PlannedPipeline, job: string): number | null {
  let finished: number | null = null;
  for (const j of pipeline.jobs) {
    if (j.name === job && j.finalStatus === "success" && j.finishedAt !== null) finished = j.finishedAt;
  }
  return finished;
}

function testCoverage(pipeline: PlannedPipeline): number | null {
  const test: PlannedJob | undefined = pipeline.jobs.filter((j) => j.name === "test" && j.coverage !== null).at(-1);
  return test?.coverage ?? null;
}

export class SonarWorld {
  private readonly own = new Map<number, OwnIssues>();

  constructor(
    private readonly seed: number,
    private readonly model: SimulationModel,
    private readonly findings: FindingsWorld,
  ) {}

  project(key: string): SimProject | undefined {
    return this.model.projects.find((p) => simProjectKey(p) === key);
  }

  /** The project's analyses on `main` visible at t, newest first. */
  analyses(project: SimProject, t: number): SimAnalysis[] {
    const out: SimAnalysis[] = [];
    const existing = this.model.existingCount(project, t);
    for (let i = 0; i < existing; i++) {
      const pipeline = project.pipelines[i];
      if (!pipeline || pipeline.refKind !== "main") continue;
      const date = scanFinishedAt(pipeline, SCAN_JOB);
      if (date === null || date > t) continue;
      out.push({ key: this.analysisKey(pipeline), project, pipeline, date, commitAt: pipeline.commit.createdAt });
    }
    return out.sort((a, b) => b.date - a.date);
  }

  analysis(key: string, t: number): SimAnalysis | undefined {
    for (const project of this.model.projects) {
      const found = this.analyses(project, t).find((a) => a.key === key);
      if (found) return found;
    }
    return undefined;
  }

  /** Mostly OK; now and then new code misses coverage, reliability or duplication. */
  gate(analysis: SimAnalysis): { status: "OK" | "ERROR"; conditions: SimCondition[] } {
    const rng = Rng.derive(this.seed, "sonar-gate", analysis.pipeline.id);
    const newCoverage = rng.chance(0.12) ? rng.float(52, 79.9) : rng.float(80.5, 97.5);
    const reliability = rng.chance(0.05) ? 3 : 1;
    const security = rng.chance(0.04) ? 4 : 1;
    const duplication = rng.chance(0.05) ? rng.float(3.2, 8) : rng.float(0, 2.6);
    const hotspotsReviewed = rng.chance(0.06) ? rng.float(40, 90) : 100;
    const condition = (metricKey: string, comparator: "LT" | "GT", threshold: number, actual: number, text: string): SimCondition => {
      const failed = comparator === "LT" ? actual < threshold : actual > threshold;
      return { status: failed ? "ERROR" : "OK", metricKey, comparator, errorThreshold: String(threshold), actualValue: text };
    };
    const conditions = [
      condition("new_coverage", "LT", 80, newCoverage, String(newCoverage)),
      condition("new_duplicated_lines_density", "GT", 3, duplication, String(duplication)),
      condition("new_reliability_rating", "GT", 1, reliability, String(reliability)),
      condition("new_security_rating", "GT", 1, security, String(security)),
      condition("new_maintainability_rating", "GT", 1, 1, "1"),
      condition("new_security_hotspots_reviewed", "LT", 100, hotspotsReviewed, hotspotsReviewed.toFixed(1)),
    ];
    return { status: conditions.some((c) => c.status === "ERROR") ? "ERROR" : "OK", conditions };
  }

  /** Unresolved issues as of the analysed commit. */
  issues(analysis: SimAnalysis): SimSonarIssue[] {
    const { project, commitAt } = analysis;
    const imported = (["semgrep", "trivy-fs"] as const).flatMap((scanner) =>
      this.findings.presentAt(project.id, scanner, commitAt).map((f) => this.importedIssue(f)),
    );
    const own = this.ownIssues(project)
      .openAt(commitAt)
      .map((i) => ({ key: i.key, rule: i.rule, type: i.type, severity: i.severity, message: i.message, file: i.file, line: i.line, since: i.introducedAt }));
    return [...imported, ...own].sort((a, b) => b.since - a.since || a.key.localeCompare(b.key));
  }

  measures(analysis: SimAnalysis): SimMeasures {
    const rng = Rng.derive(this.seed, "sonar-measures", analysis.pipeline.id);
    const issues = this.issues(analysis);
    const count = (type: SonarIssueType) => issues.filter((i) => i.type === type).length;
    const days = analysis.commitAt / DAY_MS;
    const phase = analysis.project.index * 1.7;
    // SonarQube reads the same coverage.xml as GitLab's regex, so the two stay within a few tenths.
    const coverage = (testCoverage(analysis.pipeline) ?? 78) + rng.float(-0.4, 0.4);
    const base = NCLOC_BASE[analysis.project.index] ?? 20_000;
    return {
      coverage: Math.round(Math.min(100, Math.max(0, coverage)) * 10) / 10,
      bugs: count("BUG"),
      vulnerabilities: count("VULNERABILITY"),
      code_smells: count("CODE_SMELL"),
      security_hotspots: Math.max(0, Math.round(3 + 2 * Math.sin(days / 9 + phase) + rng.float(-0.5, 0.5))),
      duplicated_lines_density: Math.round((2.2 + 1.1 * Math.sin(days / 13 + phase) + rng.float(-0.15, 0.15)) * 10) / 10,
      ncloc: base + Math.floor(((analysis.commitAt - analysis.project.createdAt) / DAY_MS) * 45) + rng.int(-40, 40),
    };
  }

  private importedIssue(finding: SimFinding): SimSonarIssue {
    const rng = Rng.derive(this.seed, "sonar-issue", finding.key, finding.introducedAt);
    const engine = finding.scanner === "semgrep" ? "semgrep" : "trivy";
    return {
      key: uuidFrom(rng),
      rule: `external_${engine}:${finding.ruleId}`,
      type: "VULNERABILITY",
      severity: TO_SONAR[finding.severity],
      message: finding.packageName ? `${finding.ruleId}: ${finding.packageName} ${finding.installedVersion ?? ""} — ${finding.title}`.trim() : finding.title,
      file: finding.file,
      line: finding.line,
      since: finding.introducedAt,
    };
  }

  private ownIssues(project: SimProject): OwnIssues {
    let found = this.own.get(project.id);
    if (!found) {
      found = new OwnIssues(this.seed, project.id, project.name, project.createdAt);
      this.own.set(project.id, found);
    }
    return found;
  }

  private analysisKey(pipeline: PlannedPipeline): string {
    const rng = Rng.derive(this.seed, "sonar-analysis", pipeline.id);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let key = "AZ";
    while (key.length < 20) key += alphabet[rng.int(0, alphabet.length - 1)];
    return key;
  }
}
