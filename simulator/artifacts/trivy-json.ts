/**
 * `trivy image --format json` output, SchemaVersion 2 (see test/fixtures/real/trivy-json): one os-pkgs
 * Result per image with Vulnerabilities[] carrying PkgID, PURL, Status, Layer, DataSource and CVSS.
 */

import type { ImageBase } from "../findings/catalog";
import type { SimFinding, SimSeverity } from "../findings/types";
import { Rng } from "../random";
import { SECURITY_SEVERITY } from "./sarif";

export interface TrivyImageInput {
  /** e.g. `registry.cwiq.example/cwiq/server:main-0f3c…` */
  imageRef: string;
  base: ImageBase;
  /** When the scan ran (epoch ms). */
  createdAt: number;
  findings: readonly SimFinding[];
}

const DATA_SOURCE: Readonly<Record<ImageBase["family"], { ID: string; Name: string; URL: string }>> = {
  debian: { ID: "debian", Name: "Debian Security Tracker", URL: "https://salsa.debian.org/security-tracker-team/security-tracker" },
  alpine: { ID: "alpine", Name: "Alpine Secdb", URL: "https://secdb.alpinelinux.org/" },
};

const CVSS_VECTOR: Readonly<Record<SimSeverity, string>> = {
  CRITICAL: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
  HIGH: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
  MEDIUM: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N",
  LOW: "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N",
  INFO: "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N",
};

const sha256 = (...parts: Array<string | number>): string => `sha256:${Rng.derive("trivy-image", ...parts).hex(64)}`;

/** Trivy prints nanosecond timestamps. */
const trivyTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");

function purl(base: ImageBase, f: SimFinding): string {
  const kind = base.family === "debian" ? "deb" : "apk";
  const arch = base.family === "debian" ? "amd64" : "x86_64";
  const distro = base.family === "debian" ? `debian-${base.name}` : base.name;
  return `pkg:${kind}/${base.family}/${encodeURIComponent(f.packageName ?? "")}@${encodeURIComponent(f.installedVersion ?? "")}?arch=${arch}&distro=${distro}`;
}

function vulnerability(base: ImageBase, layer: { Digest: string; DiffID: string }, f: SimFinding): Record<string, unknown> {
  const id = f.ruleId;
  const year = Number(/^CVE-(\d{4})-/.exec(id)?.[1] ?? "2024");
  const score = Number(SECURITY_SEVERITY[f.severity]);
  return {
    VulnerabilityID: id,
    PkgID: `${f.packageName ?? ""}@${f.installedVersion ?? ""}`,
    PkgName: f.packageName,
    PkgIdentifier: { PURL: purl(base, f) },
    InstalledVersion: f.installedVersion,
    ...(f.fixedVersion !== null ? { FixedVersion: f.fixedVersion } : {}),
    Status: f.fixedVersion !== null ? "fixed" : "affected",
    Layer: layer,
    SeveritySource: "nvd",
    PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
    DataSource: DATA_SOURCE[base.family],
    Title: f.title,
    Description: `${f.title}. See ${id} for details.`,
    Severity: f.severity,
    ...(f.cwe !== null ? { CweIDs: [f.cwe] } : {}),
    CVSS: { nvd: { V3Vector: CVSS_VECTOR[f.severity], V3Score: score } },
    References: [`https://access.redhat.com/security/cve/${id}`, `https://nvd.nist.gov/vuln/detail/${id}`, `https://www.cve.org/CVERecord?id=${id}`],
    PublishedDate: `${year}-0${(year % 9) + 1}-1${year % 10}T15:15:0${year % 7}Z`,
    LastModifiedDate: `${Math.min(year + 1, 2025)}-11-0${(year % 9) + 1}T18:15:00Z`,
  };
}

export function renderTrivyImageJson(input: TrivyImageInput): string {
  const { base, imageRef } = input;
  const diffIds = [sha256(base.baseImage, "base"), sha256(imageRef, "deps"), sha256(imageRef, "app")];
  const layer = { Digest: sha256(base.baseImage, "digest"), DiffID: diffIds[0] ?? "" };
  const created = trivyTime(input.createdAt - 15 * 60_000);
  const report = {
    SchemaVersion: 2,
    CreatedAt: trivyTime(input.createdAt),
    ArtifactName: imageRef,
    ArtifactType: "container_image",
    Metadata: {
      OS: { Family: base.family, Name: base.name },
      ImageID: sha256(imageRef, "config"),
      DiffIDs: diffIds,
      RepoTags: [imageRef],
      RepoDigests: [`${imageRef.replace(/:[^:/]+$/, "")}@${sha256(imageRef, "manifest")}`],
      ImageConfig: {
        architecture: "amd64",
        created,
        history: [
          { created, created_by: `/bin/sh -c #(nop) ADD file:${Rng.derive("trivy-image", base.baseImage).hex(64)} in / ` },
          { created, created_by: "COPY . /app # buildkit", comment: "buildkit.dockerfile.v0" },
        ],
        os: "linux",
        rootfs: { type: "layers", diff_ids: diffIds },
        config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], WorkingDir: "/app" },
      },
    },
    Results: [
      {
        Target: `${imageRef} (${base.family} ${base.name})`,
        Class: "os-pkgs",
        Type: base.family,
        ...(input.findings.length > 0 ? { Vulnerabilities: input.findings.map((f) => vulnerability(base, layer, f)) } : {}),
      },
    ],
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
