/** The GitLab REST v4 JSON shapes the simulator serves (field names as GitLab sends them). */

export interface GitLabUserBasic {
  id: number;
  username: string;
  name: string;
  state: "active";
  avatar_url: string;
  web_url: string;
}

/** The longer user entity GitLab embeds in jobs. */
export interface GitLabJobUser extends GitLabUserBasic {
  created_at: string;
  bio: string | null;
  location: string | null;
  public_email: string;
  skype: string;
  linkedin: string;
  twitter: string;
  website_url: string;
  organization: string;
}

export interface GitLabNamespace {
  id: number;
  name: string;
  path: string;
  kind: "group";
  full_path: string;
  parent_id: null;
  avatar_url: null;
  web_url: string;
}

export interface GitLabProject {
  id: number;
  description: string;
  name: string;
  name_with_namespace: string;
  path: string;
  path_with_namespace: string;
  created_at: string;
  default_branch: string;
  tag_list: string[];
  topics: string[];
  ssh_url_to_repo: string;
  http_url_to_repo: string;
  web_url: string;
  readme_url: string;
  forks_count: number;
  avatar_url: null;
  star_count: number;
  last_activity_at: string;
  namespace: GitLabNamespace;
  visibility: "private";
  archived: boolean;
  empty_repo: boolean;
  jobs_enabled: boolean;
}

export interface GitLabPipelineListItem {
  id: number;
  iid: number;
  project_id: number;
  status: string;
  source: string;
  ref: string;
  sha: string;
  name: string | null;
  web_url: string;
  created_at: string;
  updated_at: string;
}

export interface GitLabDetailedStatus {
  icon: string;
  text: string;
  label: string;
  group: string;
  tooltip: string;
  has_details: boolean;
  details_path: string;
  illustration: null;
  favicon: string;
}

export interface GitLabPipeline extends GitLabPipelineListItem {
  before_sha: string;
  tag: boolean;
  yaml_errors: string | null;
  user: GitLabUserBasic;
  started_at: string | null;
  finished_at: string | null;
  committed_at: string | null;
  /** Whole seconds. */
  duration: number | null;
  queued_duration: number | null;
  /** GitLab formats this one as a string with two decimals, e.g. "81.25". */
  coverage: string | null;
  detailed_status: GitLabDetailedStatus;
}

export interface GitLabCommit {
  id: string;
  short_id: string;
  created_at: string;
  parent_ids: string[];
  title: string;
  message: string;
  author_name: string;
  author_email: string;
  authored_date: string;
  committer_name: string;
  committer_email: string;
  committed_date: string;
  trailers: Record<string, string>;
  extended_trailers: Record<string, string[]>;
  web_url: string;
}

export interface GitLabJobPipelineRef {
  id: number;
  iid: number;
  project_id: number;
  sha: string;
  ref: string;
  status: string;
  source: string;
  created_at: string;
  updated_at: string;
  web_url: string;
}

export interface GitLabRunner {
  id: number;
  description: string;
  ip_address: null;
  active: boolean;
  paused: boolean;
  is_shared: boolean;
  runner_type: "instance_type";
  name: string;
  online: boolean;
  status: "online";
}

export interface GitLabArtifact {
  file_type: string;
  size: number;
  filename: string;
  file_format: string | null;
}

export interface GitLabJob {
  id: number;
  status: string;
  stage: string;
  name: string;
  ref: string;
  tag: boolean;
  /** A number for jobs (unlike the pipeline's string). */
  coverage: number | null;
  allow_failure: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Set once someone erased the job (its trace and artifacts are gone then). */
  erased_at: string | null;
  /** Seconds with millisecond precision; grows while running. */
  duration: number | null;
  queued_duration: number | null;
  user: GitLabJobUser;
  commit: GitLabCommit;
  pipeline: GitLabJobPipelineRef;
  /** Present only when the job failed. */
  failure_reason?: string;
  web_url: string;
  project: { ci_job_token_scope_enabled: boolean };
  artifacts_file?: { filename: string; size: number };
  artifacts: GitLabArtifact[];
  runner: GitLabRunner | null;
  artifacts_expire_at: string | null;
  archived: boolean;
  tag_list: string[];
}

export interface GitLabTestSuiteSummary {
  name: string;
  total_time: number;
  total_count: number;
  success_count: number;
  failed_count: number;
  skipped_count: number;
  error_count: number;
  build_ids: number[];
  suite_error: null;
}

export interface GitLabTestReportSummary {
  total: {
    time: number;
    count: number;
    success: number;
    failed: number;
    skipped: number;
    error: number;
    suite_error: null;
  };
  test_suites: GitLabTestSuiteSummary[];
}

/** A trigger job as `GET /projects/:id/pipelines/:pipeline_id/bridges` lists it (GitLab's Bridge entity). */
export interface GitLabBridge {
  id: number;
  status: string;
  stage: string;
  name: string;
  ref: string;
  tag: boolean;
  coverage: null;
  allow_failure: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  erased_at: null;
  duration: number | null;
  queued_duration: number | null;
  user: GitLabJobUser;
  commit: GitLabCommit;
  pipeline: GitLabJobPipelineRef;
  failure_reason?: string;
  web_url: string;
  project: { ci_job_token_scope_enabled: boolean };
  /** The pipeline the trigger job started (GitLab's PipelineBasic); null until it exists. */
  downstream_pipeline: GitLabJobPipelineRef | null;
}
