import type { NormalizedFinding } from "./types";

/** Where a finding in a file is: `file:line`, the file alone, or nothing. */
export function formatFileLine(file: string | null, line: number | null): string {
  if (file === null) return "";
  return line === null ? file : `${file}:${line}`;
}

/** Where a vulnerable package is: `name@version`. */
export function packageAtVersion(packageName: string, version: string | null): string {
  return version ? `${packageName}@${version}` : packageName;
}

/** A finding at a place in a file (code, a misconfiguration, a secret): located as `file:line`, no package. */
export function fileFinding(f: Omit<NormalizedFinding, "location" | "packageName" | "installedVersion" | "fixedVersion">): NormalizedFinding {
  return { ...f, location: formatFileLine(f.file, f.line), packageName: null, installedVersion: null, fixedVersion: null };
}
