import type { Db } from "@/lib/platform/db/client";
import type { SimTruth } from "@/simulator";

export interface TruthComparison {
  pipelinesExpected: number;
  pipelinesStored: number;
  jobsExpected: number;
  jobsStored: number;
  /** Pipelines or jobs the simulator serves that are missing or differ in the database. */
  differences: string[];
}

/** Compares every stored pipeline and job with what the simulated GitLab serves. */
export async function compareWithTruth(db: Db, truth: SimTruth): Promise<TruthComparison> {
  const pipelines = await db.pipeline.findMany({ select: { id: true, status: true, updatedAt: true, ref: true, sha: true, testsTotal: true, testsFailed: true } });
  const jobs = await db.job.findMany({ select: { id: true, pipelineId: true, status: true, stage: true, name: true } });
  const storedPipelines = new Map(pipelines.map((p) => [Number(p.id), p]));
  const storedJobs = new Map(jobs.map((j) => [Number(j.id), j]));
  const differences: string[] = [];
  let pipelinesExpected = 0;
  let jobsExpected = 0;

  for (const project of truth.projects) {
    for (const { listItem, jobs: truthJobs, testReportSummary } of project.pipelines) {
      pipelinesExpected += 1;
      const stored = storedPipelines.get(listItem.id);
      if (!stored) differences.push(`pipeline ${listItem.id} missing`);
      else if (stored.status !== listItem.status || stored.updatedAt.toISOString() !== listItem.updated_at || stored.sha !== listItem.sha) {
        differences.push(`pipeline ${listItem.id}: stored ${stored.status}@${stored.updatedAt.toISOString()}, GitLab ${listItem.status}@${listItem.updated_at}`);
      } else if (
        ["success", "failed", "canceled"].includes(listItem.status) &&
        (stored.testsTotal !== testReportSummary.total.count || stored.testsFailed !== testReportSummary.total.failed)
      ) {
        differences.push(`pipeline ${listItem.id}: stored ${stored.testsTotal} tests, GitLab ${testReportSummary.total.count}`);
      }
      for (const job of truthJobs) {
        jobsExpected += 1;
        const storedJob = storedJobs.get(job.id);
        if (!storedJob) differences.push(`job ${job.id} missing`);
        else if (storedJob.status !== job.status || Number(storedJob.pipelineId) !== listItem.id || storedJob.name !== job.name) {
          differences.push(`job ${job.id}: stored ${storedJob.status}, GitLab ${job.status}`);
        }
      }
    }
  }
  return { pipelinesExpected, pipelinesStored: pipelines.length, jobsExpected, jobsStored: jobs.length, differences };
}
