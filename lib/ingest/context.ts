import type { ArtifactSpec } from "@/lib/domain/cwiq";
import { DAY_MS } from "@/lib/domain/time";
import type { LimitFunction } from "p-limit";
import type { DefectDojoTarget } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/client";
import type { Logger } from "@/lib/platform/log";
import type { GitlabClient } from "@/lib/upstream/gitlab/client";
import type { DojoClient } from "@/lib/upstream/defectdojo/client";
import type { SonarClient } from "@/lib/upstream/sonarqube/client";

/** SonarQube and DefectDojo, each with its base URL for links, when configured. */
export interface SecurityUpstreams {
  sonar?: { client: SonarClient; url: string };
  /** `targets`: each service's DefectDojo product and engagement, by service name, where configured. */
  dojo?: { client: DojoClient; url: string; targets?: Readonly<Record<string, DefectDojoTarget>> };
}

/** What every step of a sync cycle works with: the database, the upstream clients and the cycle's limits. */
export interface SyncContext {
  db: Db;
  gitlab: GitlabClient;
  /** Bounds concurrent GitLab requests across every project. */
  limit: LimitFunction;
  backfillDays: number;
  /** How far before a cursor each cycle looks again, for updates committed out of order. */
  overlapMs: number;
  logger: Logger;
  now?: () => Date;
  /** Completed pipelines per project per cycle whose own answer is asked for GitLab's timings. */
  timingsBudget?: number;
  /** Pipeline test reports read per project per cycle (main and merge-request pipelines first). */
  testReportBudget?: number;
  /** A test report larger than this is recorded as an error without being read. */
  maxTestReportBytes?: number;
  /** Days of test results kept (TEST_RESULTS_DAYS). */
  testResultsDays?: number;
  /** SonarQube and DefectDojo clients, when configured. */
  security?: SecurityUpstreams;
  /** Artifacts fetched per project per cycle. */
  artifactBudget?: number;
  /** Artifacts larger than this are recorded as errors without being read. */
  maxArtifactBytes?: number;
  /** Which job artifacts are read and how (SCAN_ARTIFACTS); CWIQ's five when left out. */
  artifacts?: readonly ArtifactSpec[];
  /** GitLab requests sent so far, for the sync state's per-cycle count. */
  requestCount?: () => number;
  /**
   * Called once a step stored pipelines of a backfilled project, before the cycle's later steps: the
   * loop evaluates the alerts those decide alone then (lib/ingest/alerts/runner.ts), not after every
   * artifact and test report. It handles its own failures.
   */
  pipelinesStored?: () => Promise<void>;
}

/** The project a cycle works on, once its GitLab project id is known. */
export interface ProjectTarget {
  serviceId: number;
  service: string;
  /** The configured project path (or id), as SonarQube's project key is derived from it. */
  projectRef: string;
  projectId: number;
  /** True until the first backfill of the service has completed. */
  backfilling: boolean;
  /**
   * Whether a pipeline read asks for its trigger jobs too (the default). A backfill of a project that
   * has never triggered a child pipeline leaves them out (see syncPipelines).
   */
  readsBridges?: boolean;
}

export interface ProjectSyncResult {
  service: string;
  ok: boolean;
  pipelinesChanged: number;
  jobsStored: number;
  /** A step took its whole budget: work is left for the next cycles (a backfill's catch-up). */
  catchingUp?: boolean;
  error?: unknown;
}

export const nowOf = (ctx: Pick<SyncContext, "now">): Date => (ctx.now ?? (() => new Date()))();

/** The start of the backfill window, or `cursor` less the overlap when it lies inside the window. */
export function updatedAfter(ctx: Pick<SyncContext, "now" | "backfillDays" | "overlapMs">, cursor: Date | null): Date {
  const windowStart = new Date(nowOf(ctx).getTime() - ctx.backfillDays * DAY_MS);
  return cursor && cursor > windowStart ? new Date(cursor.getTime() - ctx.overlapMs) : windowStart;
}
