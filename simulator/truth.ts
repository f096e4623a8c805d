import type {
  GitLabBridge,
  GitLabJob,
  GitLabPipeline,
  GitLabPipelineListItem,
  GitLabProject,
  GitLabTestReportSummary,
} from "./gitlab-types";
import type { SimulationModel } from "./model";
import type { Renderer } from "./render";

/**
 * Everything the API would serve at one clock time, built by the same renderer the server uses.
 * Parts shared between jobs (user, commit, settled pipeline, runner, tag_list) are frozen objects.
 */
export interface SimTruth {
  /** ISO time the truth is for. */
  at: string;
  projects: ProjectTruth[];
}

export interface ProjectTruth {
  project: GitLabProject;
  /** Existing pipelines, id descending (the API's default order). */
  pipelines: PipelineTruth[];
}

export interface PipelineTruth {
  /** `GET /projects/:id/pipelines/:pipeline_id` */
  pipeline: GitLabPipeline;
  /** The same pipeline as `GET /projects/:id/pipelines` lists it. */
  listItem: GitLabPipelineListItem;
  /** All jobs including retried attempts, id descending (`include_retried=true`). */
  jobs: GitLabJob[];
  /** Trigger jobs, each with the child pipeline it started (`GET …/bridges`). */
  bridges: GitLabBridge[];
  testReportSummary: GitLabTestReportSummary;
}

export function buildTruth(model: SimulationModel, renderer: Renderer, t: number, projectId?: number): SimTruth {
  model.ensure(t);
  const projects = model.projects
    .filter((project) => projectId === undefined || project.id === projectId)
    .map((project) => {
      const existing = project.pipelines.slice(0, model.existingCount(project, t)).reverse();
      return {
        project: renderer.project(project, t),
        pipelines: existing.map((p) => ({
          pipeline: renderer.pipeline(p, t),
          listItem: renderer.pipelineListItem(p, t),
          jobs: p.jobs
            .filter((job) => job.createdAt <= t)
            .reverse()
            .map((job) => renderer.job(p, job, t)),
          bridges: p.bridges.filter((b) => b.createdAt <= t).map((b) => renderer.bridge(p, b, t)),
          testReportSummary: renderer.testReportSummary(p, t),
        })),
      };
    });
  return { at: new Date(t).toISOString(), projects };
}
