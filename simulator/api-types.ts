/* What the simulated APIs match and answer, shared by the GitLab, delivery, SonarQube and DefectDojo handlers. */

export interface MatchedRoute {
  /** e.g. `projects/:id/pipelines/:pipeline_id/jobs` */
  template: string;
  /** Decoded route parameters, e.g. `{ id: "cwiq/server", pipeline_id: "1204001" }`. */
  params: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Default application/json; artifact downloads are application/octet-stream. */
  contentType?: string;
}
