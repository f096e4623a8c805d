import type { DeploymentEntity } from "../deployments";
import type { GitLabJob, GitLabPipeline, GitLabProject } from "../gitlab-types";

/*
 * GitLab's webhook bodies (Pipeline Hook, Job Hook, Deployment Hook) built from the same JSON the
 * simulated API serves, in the shapes of GitLab's documented examples
 * (test/fixtures/real/gitlab-api/webhook-*.json*, and the Deployment Hook in
 * test/proof/webhook-fixtures.ts): note the "2016-08-12 15:23:28 UTC" timestamps of pipeline events.
 */

/** `2016-08-12T15:23:28.123Z` → `2016-08-12 15:23:28 UTC`, as pipeline events write times. */
export function hookTime(isoTime: string | null): string | null {
  return isoTime ? `${isoTime.slice(0, 10)} ${isoTime.slice(11, 19)} UTC` : null;
}

function hookProject(project: GitLabProject) {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    web_url: project.web_url,
    avatar_url: null,
    git_ssh_url: project.ssh_url_to_repo,
    git_http_url: project.http_url_to_repo,
    namespace: project.name_with_namespace.split(" / ")[0] ?? "",
    visibility_level: 0,
    path_with_namespace: project.path_with_namespace,
    default_branch: project.default_branch,
  };
}

function hookUser(user: { id: number; name: string; username: string; avatar_url: string }) {
  return { id: user.id, name: user.name, username: user.username, avatar_url: user.avatar_url, email: "[REDACTED]" };
}

export function pipelineHookPayload(project: GitLabProject, pipeline: GitLabPipeline, jobs: readonly GitLabJob[]) {
  const commit = jobs[0]?.commit;
  const stages = [...new Set([...jobs].sort((a, b) => a.id - b.id).map((j) => j.stage))];
  return {
    object_kind: "pipeline",
    object_attributes: {
      id: pipeline.id,
      iid: pipeline.iid,
      name: pipeline.name,
      ref: pipeline.ref,
      tag: pipeline.tag,
      sha: pipeline.sha,
      before_sha: pipeline.before_sha,
      source: pipeline.source,
      status: pipeline.status,
      detailed_status: pipeline.detailed_status.text,
      stages,
      created_at: hookTime(pipeline.created_at),
      finished_at: hookTime(pipeline.finished_at),
      duration: pipeline.duration,
      queued_duration: pipeline.queued_duration,
      variables: [],
      url: pipeline.web_url,
    },
    merge_request: null,
    user: hookUser(pipeline.user),
    project: hookProject(project),
    commit: commit
      ? {
          id: commit.id,
          message: commit.message,
          title: commit.title,
          timestamp: commit.created_at,
          url: commit.web_url,
          author: { name: commit.author_name, email: commit.author_email },
        }
      : null,
    builds: jobs.map((job) => ({
      id: job.id,
      stage: job.stage,
      name: job.name,
      status: job.status,
      created_at: hookTime(job.created_at),
      started_at: hookTime(job.started_at),
      finished_at: hookTime(job.finished_at),
      duration: job.duration,
      queued_duration: job.queued_duration,
      failure_reason: job.failure_reason ?? null,
      when: job.status === "manual" ? "manual" : "on_success",
      manual: job.status === "manual",
      allow_failure: job.allow_failure,
      user: hookUser(job.user),
      runner: job.runner
        ? { id: job.runner.id, description: job.runner.description, active: job.runner.active, runner_type: job.runner.runner_type, is_shared: job.runner.is_shared, tags: job.tag_list }
        : null,
      artifacts_file: { filename: job.artifacts_file?.filename ?? null, size: job.artifacts_file?.size ?? null },
      environment: null,
    })),
  };
}

export function jobHookPayload(project: GitLabProject, job: GitLabJob, retriesCount: number) {
  const seconds = (isoTime: string | null) => (isoTime ? `${isoTime.slice(0, 19)}Z` : null);
  return {
    object_kind: "build",
    ref: job.ref,
    tag: job.tag,
    before_sha: job.commit.parent_ids[0] ?? job.commit.id,
    sha: job.commit.id,
    build_id: job.id,
    build_name: job.name,
    build_stage: job.stage,
    build_status: job.status,
    build_created_at: job.created_at,
    build_created_at_iso: seconds(job.created_at),
    build_started_at: job.started_at,
    build_started_at_iso: seconds(job.started_at),
    build_finished_at: job.finished_at,
    build_finished_at_iso: seconds(job.finished_at),
    build_duration: job.duration,
    build_queued_duration: job.queued_duration,
    build_allow_failure: job.allow_failure,
    build_failure_reason: job.failure_reason ?? "unknown_failure",
    retries_count: retriesCount,
    pipeline_id: job.pipeline.id,
    project_id: project.id,
    project_name: project.name_with_namespace,
    user: hookUser(job.user),
    commit: {
      id: job.pipeline.id,
      name: null,
      sha: job.commit.id,
      message: job.commit.message,
      author_name: job.commit.author_name,
      author_email: job.commit.author_email,
      status: job.pipeline.status,
      duration: null,
      started_at: null,
      started_at_iso: null,
      finished_at: null,
      finished_at_iso: null,
    },
    repository: {
      name: project.name,
      description: project.description,
      homepage: project.web_url,
      git_ssh_url: project.ssh_url_to_repo,
      git_http_url: project.http_url_to_repo,
      visibility_level: 0,
    },
    project: hookProject(project),
    runner: job.runner
      ? { active: job.runner.active, runner_type: job.runner.runner_type, is_shared: job.runner.is_shared, id: job.runner.id, description: job.runner.description, tags: job.tag_list }
      : null,
    environment: null,
  };
}

/** GitLab's Gitlab::DataBuilder::Deployment: the deployment as the API serves it at its status change. */
export function deploymentHookPayload(project: GitLabProject, deployment: DeploymentEntity, deployable: GitLabJob) {
  return {
    object_kind: "deployment",
    status: deployment.status,
    status_changed_at: hookTime(deployment.updated_at),
    deployment_id: deployment.id,
    deployable_id: deployable.id,
    deployable_url: deployable.web_url,
    environment: deployment.environment.name,
    environment_tier: deployment.environment.tier,
    environment_slug: deployment.environment.slug,
    environment_external_url: deployment.environment.external_url,
    project: hookProject(project),
    short_sha: deployment.sha.slice(0, 8),
    user: hookUser(deployment.user),
    user_url: deployment.user.web_url,
    commit_url: deployable.commit.web_url,
    commit_title: deployable.commit.title,
  };
}
