/*
 * An upstream request's path as a pattern, for metric labels: ids, project paths and file paths
 * become placeholders, so the label set stays as small as the API surface Stageboard uses.
 */

const API_PREFIX = /^\/api\/v\d+(?=\/)/;
/** Segments after which the rest of the path names a file. */
const FILE_PARENTS = new Set(["artifacts", "files"]);

export function endpointLabel(path: string): string {
  // gitbeaker names its endpoints without the leading slash (`projects/42/pipelines`).
  const segments = (path.startsWith("/") ? path : `/${path}`).replace(API_PREFIX, "").split("/");
  const label: string[] = [];
  for (const [i, segment] of segments.entries()) {
    const previous = segments[i - 1];
    if (previous !== undefined && FILE_PARENTS.has(previous) && segment !== "") {
      label.push(":path");
      break;
    }
    // A project is named by its id or its URL-encoded path (`cwiq%2Fserver`).
    label.push(/^\d+$/.test(segment) || previous === "projects" ? ":id" : segment);
  }
  return label.join("/");
}
