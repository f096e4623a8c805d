/** Links into DefectDojo's web UI. */

const base = (dojoUrl: string) => dojoUrl.replace(/\/+$/, "");

export function dojoTestUrl(dojoUrl: string, testId: number): string {
  return `${base(dojoUrl)}/test/${testId}`;
}

export function dojoFindingUrl(dojoUrl: string, findingId: number): string {
  return `${base(dojoUrl)}/finding/${findingId}`;
}
