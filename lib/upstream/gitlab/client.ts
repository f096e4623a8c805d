import {
  Deployments,
  Environments,
  Jobs,
  MergeRequests,
  Pipelines,
  Projects,
  RepositoryFiles,
  type AllDeploymentsOptions,
  type AllPipelinesOptions,
} from "@gitbeaker/rest";
import type { z } from "zod";
import { UpstreamError, createTransport, type BytesAnswer, type TooLargeAnswer, type TransportOptions } from "../transport";
import { gitbeakerRequester } from "./requester";
import { parseTestReport, type TestReportAnswer } from "./test-report";
import {
  bridgeListSchema,
  deploymentListSchema,
  environmentListSchema,
  repositoryFileSchema,
  type GitlabBridge,
  type GitlabDeployment,
  type GitlabEnvironment,
  type GitlabRepositoryFile,
  jobListSchema,
  pipelineDetailSchema,
  pipelineListSchema,
  projectSchema,
  mergeRequestSchema,
  type GitlabJob,
  type GitlabMergeRequest,
  type GitlabPipelineDetail,
  type GitlabPipelineListItem,
  type GitlabProject,
} from "./schemas";

export interface GitlabClientOptions extends Omit<TransportOptions, "service" | "secrets"> {
  url: string;
  token: string;
}

export interface PipelinePage {
  pipelines: GitlabPipelineListItem[];
  /** From X-Next-Page; GitLab omits X-Total above 10,000 records, so never rely on totals. */
  nextPage: number | null;
  total: number | null;
}

export interface ListPipelinesQuery {
  updatedAfter?: Date;
  /** Only pipelines GitLab created this way, e.g. child pipelines (`parent_pipeline`). */
  source?: "parent_pipeline";
  page?: number;
  perPage?: number;
}

export interface ListDeploymentsQuery {
  environment: string;
  updatedAfter: Date;
  page?: number;
  perPage?: number;
}

export interface DeploymentPage {
  deployments: GitlabDeployment[];
  nextPage: number | null;
}

export type JobArtifact = BytesAnswer | TooLargeAnswer | { status: "not_found" };

/**
 * One offset page of a list, as the client reads it. gitbeaker's type promises paginationInfo, but
 * when GitLab answers with something other than an array gitbeaker hands that back without it; the
 * data is validated with zod anyway.
 */
interface OffsetPage {
  data: unknown;
  paginationInfo?: { next: number | null; total: number };
}

interface PageQuery {
  page: number;
  perPage: number;
}

/** Expanded, so the answer carries GitLab's pagination headers; one page, not all of them. */
const OFFSET_PAGE = { showExpanded: true, pagination: "offset" } as const;

/*
 * gitbeaker types a list's result by the literals of its showExpanded and pagination options, so
 * each list call goes through a wrapper that passes them where TypeScript sees them.
 */
function pipelinePage(api: Pipelines, projectId: number, options: AllPipelinesOptions & PageQuery): Promise<OffsetPage> {
  return api.all(projectId, { ...options, ...OFFSET_PAGE });
}

function jobPage(api: Jobs, projectId: number, options: { pipelineId: number; includeRetried: boolean } & PageQuery): Promise<OffsetPage> {
  return api.all(projectId, { ...options, ...OFFSET_PAGE });
}

function deploymentPage(api: Deployments, projectId: number, options: AllDeploymentsOptions & PageQuery): Promise<OffsetPage> {
  return api.all(projectId, { ...options, ...OFFSET_PAGE });
}

function environmentPage(api: Environments, projectId: number, options: PageQuery): Promise<OffsetPage> {
  return api.all(projectId, { ...options, ...OFFSET_PAGE });
}

function parse<T extends z.ZodTypeAny>(schema: T, data: unknown, what: string): z.output<T> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new UpstreamError("invalid_response", `GitLab's ${what} did not have the expected shape${where}: ${issue?.message}`);
  }
  return result.data;
}

/** One page of a list the sync follows by update time: oldest update first, so a cursor on updated_at never skips a row. */
function oldestUpdateFirstPage(query: { page?: number; perPage?: number }) {
  return { orderBy: "updated_at", sort: "asc", perPage: query.perPage ?? 100, page: query.page ?? 1 } as const;
}

/** The GitLab REST v4 calls Stageboard makes, through @gitbeaker/rest, typed and validated. */
export function createGitlabClient(options: GitlabClientOptions) {
  const { url: host, token, ...transportOptions } = options;
  const transport = createTransport({ ...transportOptions, service: "GitLab", secrets: [token] });
  const apiBase = `${host.replace(/\/+$/, "")}/api/v4`;
  // queryTimeout 0: the transport applies its own timeout per attempt, not per call.
  const common = { host, token, requesterFn: gitbeakerRequester(transport), queryTimeout: 0 };
  const projects = new Projects(common);
  const pipelines = new Pipelines(common);
  const jobs = new Jobs(common);
  const deployments = new Deployments(common);
  const environments = new Environments(common);
  const repositoryFiles = new RepositoryFiles(common);
  const mergeRequests = new MergeRequests(common);

  return {
    async getProject(idOrPath: string | number): Promise<GitlabProject> {
      return parse(projectSchema, await projects.show(idOrPath), "project");
    },

    async getMergeRequest(projectId: number, iid: number): Promise<GitlabMergeRequest> {
      return parse(mergeRequestSchema, await mergeRequests.show(projectId, iid), "merge request");
    },

    /** One page of a project's pipelines, oldest update first, so a cursor can follow it. */
    async listPipelines(projectId: number, query: ListPipelinesQuery = {}): Promise<PipelinePage> {
      const result = await pipelinePage(pipelines, projectId, {
        ...(query.updatedAfter ? { updatedAfter: query.updatedAfter.toISOString() } : {}),
        ...(query.source ? { source: query.source } : {}),
        ...oldestUpdateFirstPage(query),
      });
      const next = result.paginationInfo?.next;
      const total = result.paginationInfo?.total;
      return {
        pipelines: parse(pipelineListSchema, result.data, "pipeline list"),
        nextPage: typeof next === "number" && next > 0 ? next : null,
        total: typeof total === "number" && Number.isFinite(total) ? total : null,
      };
    },

    async getPipeline(projectId: number, pipelineId: number): Promise<GitlabPipelineDetail> {
      return parse(pipelineDetailSchema, await pipelines.show(projectId, pipelineId), "pipeline");
    },

    /**
     * A pipeline's full test report, read bounded: more than maxBytes is "too_large", and a body that
     * is cut off or not GitLab's shape is "invalid", so the caller records it instead of failing.
     */
    async getTestReport(projectId: number, pipelineId: number, maxBytes: number): Promise<TestReportAnswer> {
      const url = new URL(`${apiBase}/projects/${projectId}/pipelines/${pipelineId}/test_report`);
      try {
        const answer = await transport.getBytes(url, { "PRIVATE-TOKEN": token }, maxBytes);
        return answer.status === "ok" ? parseTestReport(answer.bytes) : answer;
      } catch (error) {
        if (error instanceof UpstreamError && error.kind === "not_found") return { status: "not_found" };
        throw error;
      }
    },

    /** Every job of a pipeline, retried attempts included, across all pages. */
    async listPipelineJobs(projectId: number, pipelineId: number): Promise<GitlabJob[]> {
      const all: GitlabJob[] = [];
      let page: number | null = 1;
      while (page !== null) {
        const result = await jobPage(jobs, projectId, { pipelineId, includeRetried: true, perPage: 100, page });
        all.push(...parse(jobListSchema, result.data, "job list"));
        const next = result.paginationInfo?.next;
        page = typeof next === "number" && next > page ? next : null;
      }
      return all;
    },

    /**
     * A pipeline's trigger jobs with the pipelines they started (GitLab's jobs list leaves them out);
     * gitbeaker follows the Link header through every page.
     */
    async listPipelineBridges(projectId: number, pipelineId: number): Promise<GitlabBridge[]> {
      return parse(bridgeListSchema, await jobs.allPipelineBridges(projectId, pipelineId), "bridge list");
    },

    /** One page of an environment's deployments updated since a time, oldest update first (GitLab pairs the filter with this order). */
    async listDeployments(projectId: number, query: ListDeploymentsQuery): Promise<DeploymentPage> {
      const result = await deploymentPage(deployments, projectId, {
        environment: query.environment,
        updatedAfter: query.updatedAfter.toISOString(),
        ...oldestUpdateFirstPage(query),
      });
      const next = result.paginationInfo?.next;
      return {
        deployments: parse(deploymentListSchema, result.data, "deployment list"),
        nextPage: typeof next === "number" && next > (query.page ?? 1) ? next : null,
      };
    },

    /** A project's environments (one page of 100 is plenty: Stageboard reads `dev`). */
    async listEnvironments(projectId: number): Promise<GitlabEnvironment[]> {
      const result = await environmentPage(environments, projectId, { perPage: 100, page: 1 });
      return parse(environmentListSchema, result.data, "environment list");
    },

    /**
     * One file from a job's artifacts (`GET /projects/:id/jobs/:job_id/artifacts/*artifact_path`).
     * GitLab answers 404 when the job kept no such file: expired, erased, or declared only under
     * `artifacts:reports` — "unavailable", which is not the same as a clean scan.
     */
    async getJobArtifact(projectId: number, jobId: number, artifactPath: string, maxBytes: number): Promise<JobArtifact> {
      const encodedPath = artifactPath.split("/").map(encodeURIComponent).join("/");
      const url = new URL(`${apiBase}/projects/${projectId}/jobs/${jobId}/artifacts/${encodedPath}`);
      try {
        return await transport.getBytes(url, { "PRIVATE-TOKEN": token }, maxBytes);
      } catch (error) {
        if (error instanceof UpstreamError && error.kind === "not_found") return { status: "not_found" };
        throw error;
      }
    },

    /** A file of the repository at a ref, content decoded to text. */
    async getRepositoryFile(projectId: number, path: string, ref: string): Promise<GitlabRepositoryFile & { text: string }> {
      const file = parse(repositoryFileSchema, await repositoryFiles.show(projectId, path, ref), "repository file");
      const text = file.encoding === "base64" ? Buffer.from(file.content, "base64").toString("utf8") : file.content;
      return { ...file, text };
    },
  };
}

export type GitlabClient = ReturnType<typeof createGitlabClient>;
