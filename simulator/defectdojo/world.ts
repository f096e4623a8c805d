import { DAY_MS } from "@/lib/domain/time";
import type { FindingsWorld, SimFinding } from "../findings/types";
import type { SimProject, SimulationModel } from "../model";
import type { PlannedPipeline } from "../plan";
import { deriveSeed, Rng } from "../random";

/**
 * What the simulated DefectDojo knows, derived from the GitLab model: every main pipeline whose
 * `defectdojo-import` job succeeded imported the Trivy image scan into its project's engagement,
 * creating a test (created = the job's finish). Findings follow reimport semantics: one DefectDojo id
 * per vulnerability for as long as it stays in the image, closed (mitigated) by the first import that
 * no longer reports it; triage (verified, false positive, risk accepted) happens in the days after
 * it first appeared. Everything is deterministic from the seed and nothing comes from the future.
 */

const IMPORT_JOB = "defectdojo-import";
/** Test ids count up from here in pipeline creation order; other products' tests fill the gaps. */
const TEST_ID_BASE = 4_100;

export interface SimDojoTest {
  id: number;
  project: SimProject;
  pipeline: PlannedPipeline;
  /** The import job's finish. */
  created: number;
  commitAt: number;
  /** Older import steps sent no build id (some only the short commit), a few not even the commit. */
  buildId: string | null;
  commitHash: string | null;
  branchTag: string;
}

export interface SimDojoFinding {
  id: number;
  finding: SimFinding;
  /** The import that first reported it. */
  firstSeen: number;
  active: boolean;
  verified: boolean;
  falsePositive: boolean;
  duplicate: boolean;
  riskAccepted: boolean;
  /** Time of the import that no longer reported it, when that import has happened. */
  mitigatedAt: number | null;
  /** Time of the last status change (for `last_status_update`). */
  updatedAt: number;
}

function importFinishedAt(pipeline: PlannedPipeline): number | null {
  let finished: number | null = null;
  for (const job of pipeline.jobs) {
    if (job.name === IMPORT_JOB && job.finalStatus === "success" && job.finishedAt !== null) finished = job.finishedAt;
  }
  return finished;
}

export class DojoWorld {
  constructor(
    private readonly seed: number,
    private readonly model: SimulationModel,
    private readonly findings: FindingsWorld,
  ) {}

  projects(): readonly SimProject[] {
    return this.model.projects;
  }

  engagementId(project: SimProject): number {
    return 210 + project.index;
  }

  productId(project: SimProject): number {
    return 12 + project.index;
  }

  /** As the import job names it (`product_name: $CI_PROJECT_PATH`, auto-created on the first import). */
  productName(project: SimProject): string {
    return project.pathWithNamespace;
  }

  /** The project's imports visible at t, oldest first. */
  projectTests(project: SimProject, t: number): SimDojoTest[] {
    const out: SimDojoTest[] = [];
    const existing = this.model.existingCount(project, t);
    for (let i = 0; i < existing; i++) {
      const pipeline = project.pipelines[i];
      if (!pipeline || pipeline.refKind !== "main") continue;
      const created = importFinishedAt(pipeline);
      if (created === null || created > t) continue;
      const rng = Rng.derive(this.seed, "dojo-import", pipeline.id);
      const withoutBuildId = rng.chance(0.1);
      const withoutCommit = withoutBuildId && rng.chance(0.35);
      // `CI_COMMIT_SHORT_SHA` instead of `CI_COMMIT_SHA`: found only through the branch, agreeing by prefix.
      const shortCommit = withoutBuildId && !withoutCommit && rng.chance(0.3);
      out.push({
        id: TEST_ID_BASE + pipeline.seq,
        project,
        pipeline,
        created,
        commitAt: pipeline.commit.createdAt,
        buildId: withoutBuildId ? null : String(pipeline.id),
        commitHash: withoutCommit ? null : shortCommit ? pipeline.sha.slice(0, 8) : pipeline.sha,
        branchTag: pipeline.ref,
      });
    }
    return out.sort((a, b) => a.created - b.created || a.id - b.id);
  }

  /** Every test visible at t, by id. */
  tests(t: number): SimDojoTest[] {
    return this.model.projects.flatMap((p) => this.projectTests(p, t)).sort((a, b) => a.id - b.id);
  }

  test(id: number, t: number): SimDojoTest | undefined {
    return this.tests(t).find((test) => test.id === id);
  }

  /**
   * A test's findings as DefectDojo lists them at t: the vulnerabilities its scan reported, plus those
   * the previous import reported and this one did not (the reimport closed them).
   */
  testFindings(test: SimDojoTest, t: number): SimDojoFinding[] {
    const imports = this.projectTests(test.project, t);
    const index = imports.findIndex((i) => i.id === test.id);
    const previous = index > 0 ? imports[index - 1] : undefined;
    const present = this.findings.presentAt(test.project.id, "trivy-image", test.commitAt);
    const presentKeys = new Set(present.map((f) => f.key));
    const gone = previous
      ? this.findings.presentAt(test.project.id, "trivy-image", previous.commitAt).filter((f) => !presentKeys.has(f.key))
      : [];
    return [...present, ...gone]
      .map((finding) => this.stateOf(finding, imports, t))
      .sort((a, b) => a.id - b.id);
  }

  /** Stable per vulnerability occurrence: the same id in every import until it is fixed. */
  findingId(finding: SimFinding): number {
    return 10_000_000 + (deriveSeed(this.seed, "dojo-finding", finding.key, finding.introducedAt) % 90_000_000);
  }

  private stateOf(finding: SimFinding, imports: readonly SimDojoTest[], t: number): SimDojoFinding {
    const firstImport = imports.find((i) => i.commitAt >= finding.introducedAt && i.commitAt < finding.fixedAt);
    const firstSeen = firstImport?.created ?? t;
    const closing = imports.find((i) => i.commitAt >= finding.fixedAt);
    const mitigatedAt = closing && closing.created <= t ? closing.created : null;

    const rng = Rng.derive(this.seed, "dojo-triage", finding.key, finding.introducedAt);
    const at = (chance: number, minDays: number, maxDays: number): number | null => {
      const happens = rng.chance(chance);
      const when = firstSeen + Math.round(rng.float(minDays, maxDays) * DAY_MS);
      return happens ? when : null;
    };
    const verifiedAt = at(0.55, 0.2, 4);
    const falsePositiveAt = at(0.06, 1, 6);
    const riskAcceptedAt = at(0.07, 2, 10);
    const duplicate = rng.chance(0.03);
    const happened = (when: number | null): boolean => when !== null && when <= t && (mitigatedAt === null || when < mitigatedAt);

    const falsePositive = happened(falsePositiveAt);
    const riskAccepted = !falsePositive && happened(riskAcceptedAt);
    const verified = happened(verifiedAt);
    const changes = [firstSeen, verified ? verifiedAt : null, falsePositive ? falsePositiveAt : null, riskAccepted ? riskAcceptedAt : null, mitigatedAt];
    return {
      id: this.findingId(finding),
      finding,
      firstSeen,
      active: !falsePositive && !riskAccepted && !duplicate && mitigatedAt === null,
      verified,
      falsePositive,
      duplicate,
      riskAccepted,
      mitigatedAt,
      updatedAt: Math.max(...changes.filter((c): c is number => c !== null)),
    };
  }
}
