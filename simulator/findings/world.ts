import { DAY_MS } from "@/lib/domain/time";
import { Rng } from "../random";
import {
  DOCKERFILE_CHECKS,
  ecosystemOf,
  LOCKFILE,
  OS_VULNS,
  PACKAGE_VULNS,
  SECRET_RULES,
  SEMGREP_RULES,
  type Ecosystem,
} from "./catalog";
import type { FindingsWorld, SimFinding, SimScanner, SimSeverity } from "./types";

/** Findings are generated a week at a time, each week from its own derived stream. */
const EPOCH_MS = 7 * DAY_MS;
const SCANNERS: readonly SimScanner[] = ["semgrep", "trivy-fs", "trivy-image"];

/** A simulated project as far as findings care: `SimProject` fits. */
export interface FindingsProject {
  id: number;
  name: string;
  /** Findings exist from here on (the project's creation). */
  createdAt: number;
}

/** A catalog entry turned into the finding it would be, minus its lifetime. */
type Candidate = Omit<SimFinding, "introducedAt" | "fixedAt">;

/** Criticals are rare, as in real scans. */
const SEVERITY_WEIGHT: Readonly<Record<SimSeverity, number>> = { CRITICAL: 1, HIGH: 4, MEDIUM: 6, LOW: 4, INFO: 1 };

function candidates(projectName: string, scanner: SimScanner): Candidate[] {
  const ecosystem: Ecosystem = ecosystemOf(projectName);
  const key = (...parts: string[]) => [projectName, scanner, ...parts].join(":");
  const base = { scanner, packageName: null, installedVersion: null, fixedVersion: null } as const;
  switch (scanner) {
    case "semgrep":
      return SEMGREP_RULES[ecosystem].flatMap((rule) =>
        rule.files.map((file) => ({
          ...base,
          key: key(rule.ruleId, file),
          kind: "code" as const,
          ruleId: rule.ruleId,
          severity: rule.severity,
          title: rule.title,
          cwe: rule.cwe,
          file,
          line: 0, // drawn per occurrence
        })),
      );
    case "trivy-fs":
      return [
        ...PACKAGE_VULNS[ecosystem].map((v) => ({
          ...base,
          key: key(v.id, v.packageName),
          kind: "vulnerability" as const,
          ruleId: v.id,
          severity: v.severity,
          title: v.title,
          cwe: v.cwe,
          file: LOCKFILE[ecosystem],
          line: null,
          packageName: v.packageName,
          installedVersion: v.installedVersion,
          fixedVersion: v.fixedVersion,
        })),
        ...DOCKERFILE_CHECKS.filter((c) => c.id !== "DS001" || ecosystem === "node").map((c) => ({
          ...base,
          key: key(c.id, "Dockerfile"),
          kind: "misconfiguration" as const,
          ruleId: c.id,
          severity: c.severity,
          title: c.title,
          cwe: null,
          file: "Dockerfile",
          line: c.line,
        })),
        ...SECRET_RULES.map((s) => ({
          ...base,
          key: key(s.ruleId, s.file),
          kind: "secret" as const,
          ruleId: s.ruleId,
          severity: s.severity,
          title: s.title,
          cwe: null,
          file: s.file,
          line: s.line,
        })),
      ];
    case "trivy-image":
      return OS_VULNS[ecosystem].map((v) => ({
        ...base,
        key: key(v.id, v.packageName),
        kind: "vulnerability" as const,
        ruleId: v.id,
        severity: v.severity,
        title: v.title,
        cwe: v.cwe,
        file: null,
        line: null,
        packageName: v.packageName,
        installedVersion: v.installedVersion,
        fixedVersion: v.fixedVersion,
      }));
  }
}

/** Candidate weight: by severity, and committed secrets only now and then. */
function weightOf(candidate: Candidate): number {
  return SEVERITY_WEIGHT[candidate.severity] * (candidate.kind === "secret" ? 0.15 : 1);
}

/** Never-fixed findings a project keeps per scanner at most, so old ones do not pile up over the years. */
const MAX_NEVER_FIXED = 2;

type Lifetime = "days" | "weeks" | "months" | "never";

/** Days a finding stays open, by lifetime class. */
const LIFETIME_DAYS: Readonly<Record<Exclude<Lifetime, "never">, readonly [number, number]>> = { days: [0.5, 6], weeks: [9, 42], months: [45, 200] };

/** Most findings are fixed within days, some within weeks, a few after months, a few never. */
function lifetimeMs(rng: Rng, mayStayOpen: boolean): number {
  const drawn = rng.weighted<Lifetime>([["days", 64], ["weeks", 27], ["months", 6], ["never", 3]]);
  if (drawn === "never" && mayStayOpen) return Infinity;
  const [min, max] = LIFETIME_DAYS[drawn === "never" ? "months" : drawn];
  return Math.round(rng.float(min, max) * DAY_MS);
}

/** One project's findings for one scanner, generated lazily week by week and kept sorted by introducedAt. */
class Lifecycle {
  readonly findings: SimFinding[] = [];
  private readonly pool: Candidate[];
  private generatedEpochs = 0;

  constructor(
    private readonly seed: number,
    private readonly project: FindingsProject,
    private readonly scanner: SimScanner,
  ) {
    this.pool = candidates(project.name, scanner);
  }

  /** Makes sure every finding introduced at or before t exists. */
  ensure(t: number): void {
    const needed = Math.floor((t - this.project.createdAt) / EPOCH_MS) + 1;
    while (this.generatedEpochs < needed) this.generateEpoch(this.generatedEpochs++);
  }

  private generateEpoch(epoch: number): void {
    const rng = Rng.derive(this.seed, "findings", this.project.id, this.scanner, epoch);
    const start = this.project.createdAt + epoch * EPOCH_MS;
    // About one new finding every two to four days per scanner.
    const count = rng.weighted<number>([[1, 2], [2, 4], [3, 3], [4, 1]]);
    const times = Array.from({ length: count }, () => start + Math.floor(rng.next() * EPOCH_MS)).sort((a, b) => a - b);
    for (const introducedAt of times) {
      const open = new Set(this.findings.filter((f) => f.fixedAt > introducedAt).map((f) => f.key));
      const free = this.pool.filter((c) => !open.has(c.key));
      if (free.length === 0) continue;
      const candidate = rng.weighted<Candidate>(free.map((c) => [c, weightOf(c)]));
      const line = candidate.kind === "code" ? rng.int(14, 420) : candidate.line;
      const neverFixed = this.findings.filter((f) => f.fixedAt === Infinity).length;
      const fixedAt = introducedAt + lifetimeMs(rng, neverFixed < MAX_NEVER_FIXED);
      this.findings.push({ ...candidate, line, introducedAt, fixedAt });
    }
  }

  /** Index just past the last finding introduced at or before t. */
  upperBound(t: number): number {
    let lo = 0;
    let hi = this.findings.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const f = this.findings[mid];
      if (f && f.introducedAt <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface FindingsWorldWithHistory extends FindingsWorld {
  /** Every finding introduced at or before `t` (open or fixed since), oldest first: the full lifecycle. */
  introducedUntil(projectId: number, scanner: SimScanner, t: number): SimFinding[];
  /** The projects the world knows. */
  readonly projectIds: readonly number[];
}

/**
 * The findings of every project and scanner over the model's whole time range, history and live alike:
 * deterministic from the seed (each week of each project and scanner has its own derived stream), and
 * generated lazily as later times are asked for. Returned findings are copies; the world stays unchanged.
 */
export function createFindingsWorld(seed: number, projects: readonly FindingsProject[]): FindingsWorldWithHistory {
  const lifecycles = new Map<string, Lifecycle>();
  const byId = new Map(projects.map((p) => [p.id, p]));

  const lifecycle = (projectId: number, scanner: SimScanner, t: number): Lifecycle | null => {
    const project = byId.get(projectId);
    if (!project || !SCANNERS.includes(scanner) || t < project.createdAt) return null;
    const id = `${projectId}:${scanner}`;
    let found = lifecycles.get(id);
    if (!found) {
      found = new Lifecycle(seed, project, scanner);
      lifecycles.set(id, found);
    }
    found.ensure(t);
    return found;
  };

  return {
    projectIds: projects.map((p) => p.id),
    presentAt(projectId, scanner, t) {
      const life = lifecycle(projectId, scanner, t);
      if (!life) return [];
      const out: SimFinding[] = [];
      const end = life.upperBound(t);
      for (let i = 0; i < end; i++) {
        const f = life.findings[i];
        if (f && f.fixedAt > t) out.push({ ...f });
      }
      return out;
    },
    introducedUntil(projectId, scanner, t) {
      const life = lifecycle(projectId, scanner, t);
      return life ? life.findings.slice(0, life.upperBound(t)).map((f) => ({ ...f })) : [];
    },
  };
}
