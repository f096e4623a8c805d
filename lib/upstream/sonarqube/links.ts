/** Links into SonarQube's web UI and the project key convention Stageboard assumes. */

const base = (sonarUrl: string) => sonarUrl.replace(/\/+$/, "");

/** Default SonarQube project key of a GitLab project: its path with "/" as "_" (`cwiq/server` → `cwiq_server`). */
export function sonarProjectKey(gitlabProjectPath: string): string {
  return gitlabProjectPath.replaceAll("/", "_");
}

export function sonarDashboardUrl(sonarUrl: string, projectKey: string, branch: string): string {
  const query = new URLSearchParams({ id: projectKey, branch });
  return `${base(sonarUrl)}/dashboard?${query.toString()}`;
}

export function sonarIssueUrl(sonarUrl: string, projectKey: string, issueKey: string, branch?: string): string {
  const query = new URLSearchParams({ id: projectKey, open: issueKey });
  if (branch) query.set("branch", branch);
  return `${base(sonarUrl)}/project/issues?${query.toString()}`;
}
