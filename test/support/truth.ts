import type { Db } from "@/lib/platform/db/client";
import type { SimTruth } from "@/simulator";

export interface TruthComparison {
  pipelinesExpected: number;
  pipelinesStored: number;
  jobsExpected: number;
  jobsStored: number;
  bridgesExpected: number;
  bridgesStored: number;
  /** Pipelines, jobs or trigger jobs the simulator serves that are missing or differ in the database. */
  differences: string[];
}

/**
 * Compares every stored pipeline, job and trigger job with what the simulated GitLab serves: each
 * child pipeline stored once, linked to the parent whose trigger job started it.
 */
export async function compareWithTruth(db: Db, truth: SimTruth): Promise<TruthComparison> {
  const pipelines = await db.pipeline.findMany({
    select: { id: true, status: true, updatedAt: true, ref: true, sha: true, testsTotal: true, testsFailed: true, parentPipelineId: true },
  });
  const jobs = await db.job.findMany({ select: { id: true, pipelineId: true, status: true, stage: true, name: true } });
  const bridges = await db.bridge.findMany({ select: { id: true, pipelineId: true, status: true, downstreamPipelineId: true } });
  const storedPipelines = new Map(pipelines.map((p) => [Number(p.id), p]));
  const storedJobs = new Map(jobs.map((j) => [Number(j.id), j]));
  const storedBridges = new Map(bridges.map((b) => [Number(b.id), b]));
  const differences: string[] = [];
  let pipelinesExpected = 0;
  let jobsExpected = 0;
  let bridgesExpected = 0;

  // Which pipeline's trigger job started each child, as GitLab says.
  const parentOf = new Map<number, number>();
  for (const project of truth.projects) {
    for (const { listItem, bridges: truthBridges } of project.pipelines) {
      for (const bridge of truthBridges) if (bridge.downstream_pipeline) parentOf.set(bridge.downstream_pipeline.id, listItem.id);
    }
  }

  for (const project of truth.projects) {
    for (const { listItem, jobs: truthJobs, bridges: truthBridges, testReportSummary } of project.pipelines) {
      pipelinesExpected += 1;
      const stored = storedPipelines.get(listItem.id);
      const parent = parentOf.get(listItem.id) ?? null;
      if (!stored) differences.push(`pipeline ${listItem.id} missing`);
      else if (stored.status !== listItem.status || stored.updatedAt.toISOString() !== listItem.updated_at || stored.sha !== listItem.sha) {
        differences.push(`pipeline ${listItem.id}: stored ${stored.status}@${stored.updatedAt.toISOString()}, GitLab ${listItem.status}@${listItem.updated_at}`);
      } else if (
        ["success", "failed", "canceled"].includes(listItem.status) &&
        (stored.testsTotal !== testReportSummary.total.count || stored.testsFailed !== testReportSummary.total.failed)
      ) {
        differences.push(`pipeline ${listItem.id}: stored ${stored.testsTotal} tests, GitLab ${testReportSummary.total.count}`);
      } else if ((stored.parentPipelineId === null ? null : Number(stored.parentPipelineId)) !== parent) {
        differences.push(`pipeline ${listItem.id}: stored as child of ${stored.parentPipelineId}, GitLab's parent ${parent}`);
      }
      for (const job of truthJobs) {
        jobsExpected += 1;
        const storedJob = storedJobs.get(job.id);
        if (!storedJob) differences.push(`job ${job.id} missing`);
        else if (storedJob.status !== job.status || Number(storedJob.pipelineId) !== listItem.id || storedJob.name !== job.name) {
          differences.push(`job ${job.id}: stored ${storedJob.status}, GitLab ${job.status}`);
        }
      }
      for (const bridge of truthBridges) {
        bridgesExpected += 1;
        const storedBridge = storedBridges.get(bridge.id);
        const downstream = bridge.downstream_pipeline?.id ?? null;
        if (!storedBridge) differences.push(`trigger job ${bridge.id} missing`);
        else if (
          storedBridge.status !== bridge.status ||
          Number(storedBridge.pipelineId) !== listItem.id ||
          (storedBridge.downstreamPipelineId === null ? null : Number(storedBridge.downstreamPipelineId)) !== downstream
        ) {
          differences.push(`trigger job ${bridge.id}: stored ${storedBridge.status} → ${storedBridge.downstreamPipelineId}, GitLab ${bridge.status} → ${downstream}`);
        }
      }
    }
  }
  return {
    pipelinesExpected,
    pipelinesStored: pipelines.length,
    jobsExpected,
    jobsStored: jobs.length,
    bridgesExpected,
    bridgesStored: bridges.length,
    differences,
  };
}
