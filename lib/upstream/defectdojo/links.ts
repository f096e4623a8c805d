/** Links into DefectDojo's web UI and the product names Stageboard assumes. */

const base = (dojoUrl: string) => dojoUrl.replace(/\/+$/, "");

export function dojoTestUrl(dojoUrl: string, testId: number): string {
  return `${base(dojoUrl)}/test/${testId}`;
}

export function dojoFindingUrl(dojoUrl: string, findingId: number): string {
  return `${base(dojoUrl)}/finding/${findingId}`;
}

/**
 * Product names tried when none is configured, as CI imports usually name the product: the service
 * name (`$CI_PROJECT_NAME`), then the GitLab project path (`$CI_PROJECT_PATH`; not a numeric id).
 */
export function dojoProductNames(service: string, gitlabProject: string): string[] {
  const names = [service];
  if (!/^\d+$/.test(gitlabProject) && gitlabProject !== service) names.push(gitlabProject);
  return names;
}
