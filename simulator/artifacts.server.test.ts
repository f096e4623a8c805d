import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseArtifact } from "@/lib/upstream/artifacts";
import { startSimulator, type GitLabJob, type Simulator } from "./index";

const ANCHOR = Date.parse("2025-06-02T12:00:00.000Z");
const NOT_FOUND = { message: "404 Not Found" };

let sim: Simulator;

interface JobAt {
  projectId: number;
  pipelineRef: string;
  sha: string;
  job: GitLabJob;
}

/** Every job the API lists now, with its project. */
let jobs: JobAt[] = [];

const artifactPath = (j: JobAt, file: string) => `${sim.url}/api/v4/projects/${j.projectId}/jobs/${j.job.id}/artifacts/${file}`;

async function download(j: JobAt, file: string, token = sim.token): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(artifactPath(j, file), { headers: { "PRIVATE-TOKEN": token } });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

const FILE_OF: Readonly<Record<string, string>> = {
  semgrep: "semgrep-results.sarif",
  "trivy-fs-scan": "trivy-fs-results.sarif",
  "trivy-image-scan": "trivy-image-results.json",
  test: "coverage.xml",
  "build-push": "build.env",
};

const producing = () => jobs.filter((j) => FILE_OF[j.job.name] !== undefined);

function find(predicate: (j: JobAt) => boolean, what: string): JobAt {
  const found = jobs.find(predicate);
  if (!found) throw new Error(`no job that is ${what}`);
  return found;
}

const Sarif = z.object({
  version: z.literal("2.1.0"),
  $schema: z.url(),
  runs: z.array(
    z.object({
      tool: z.object({ driver: z.object({ name: z.string() }) }),
      results: z.array(
        z.object({
          ruleId: z.string(),
          locations: z.array(z.object({ physicalLocation: z.object({ artifactLocation: z.object({ uri: z.string() }), region: z.object({ startLine: z.number() }) }) })),
        }),
      ),
    }),
  ),
});
const TrivyJson = z.object({
  SchemaVersion: z.literal(2),
  ArtifactName: z.string(),
  Results: z.array(z.object({ Class: z.string(), Vulnerabilities: z.array(z.object({ VulnerabilityID: z.string(), PkgName: z.string() })).optional() })),
});
const Cobertura = z.object({ coverage: z.object({ "line-rate": z.string(), packages: z.object({ package: z.array(z.object({ name: z.string() })) }) }) });
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => name === "package" });

/** GitLab's CI_COMMIT_REF_SLUG, written out here independently of the simulator's. */
const slug = (ref: string) => ref.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 63).replace(/^-|-$/g, "");

beforeAll(async () => {
  sim = await startSimulator({ now: ANCHOR, frozen: true, historyDays: 30, pipelinesPerDay: 4, liveIntervalSeconds: 60, rateLimitPerMinute: 0 });
  // A minute and a half later the first live pipeline has jobs that have not finished.
  sim.clock.advance(90_000);
  jobs = sim.truth().projects.flatMap((p) =>
    p.pipelines.flatMap((pipeline) => pipeline.jobs.map((job) => ({ projectId: p.project.id, pipelineRef: pipeline.pipeline.ref, sha: pipeline.pipeline.sha, job }))),
  );
});
afterAll(async () => {
  await sim.close();
});

describe("job artifacts API", () => {
  it("serves each scanner's SARIF / JSON with the findings of the pipeline's commit", async () => {
    for (const name of ["semgrep", "trivy-fs-scan"]) {
      const j = find((x) => x.job.name === name && x.job.status === "success" && sim.artifactTruth(x.job.id)?.available === true, `${name} available`);
      const response = await download(j, FILE_OF[name]!);
      expect(response.status).toBe(200);
      expect(response.type).toBe("application/octet-stream");
      const sarif = Sarif.parse(JSON.parse(response.text));
      expect(sarif.runs[0]?.tool.driver.name).toBe(name === "semgrep" ? "Semgrep OSS" : "Trivy");
      const truth = sim.artifactTruth(j.job.id);
      expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(truth?.findings.map((f) => f.ruleId));
      expect(truth?.findings.length).toBeGreaterThan(0);
    }

    const image = find((x) => x.job.name === "trivy-image-scan" && sim.artifactTruth(x.job.id)?.available === true, "an image scan");
    const response = await download(image, "trivy-image-results.json");
    expect(response.status).toBe(200);
    const report = TrivyJson.parse(JSON.parse(response.text));
    const path = sim.projects.find((p) => p.id === image.projectId)?.path_with_namespace;
    expect(report.ArtifactName).toBe(`registry.cwiq.example/${path}:main-${image.sha}`);
    const ids = report.Results.flatMap((r) => r.Vulnerabilities ?? []).map((v) => `${v.VulnerabilityID}/${v.PkgName}`);
    expect(ids).toEqual(sim.artifactTruth(image.job.id)?.findings.map((f) => `${f.ruleId}/${f.packageName}`));
  });

  it("serves coverage.xml whose line-rate is the job's coverage / 100", async () => {
    const j = find((x) => x.job.name === "test" && x.projectId === 101 && x.job.status === "success" && sim.artifactTruth(x.job.id)?.available === true, "a test job");
    const response = await download(j, "coverage.xml");
    expect(response.status).toBe(200);
    const doc = Cobertura.parse(xml.parse(response.text));
    expect(j.job.coverage).not.toBeNull();
    expect(Number(doc.coverage["line-rate"])).toBeCloseTo((j.job.coverage ?? 0) / 100, 10);
    expect(doc.coverage.packages.package.length).toBeGreaterThan(1);
  });

  it("serves build.env with the image tag of the ref", async () => {
    for (const kind of ["main", "branch", "tag"] as const) {
      const j = find(
        (x) =>
          x.job.name === "build-push" &&
          x.job.status === "success" &&
          (kind === "tag" ? x.job.tag : kind === "main" ? x.pipelineRef === "main" : !x.job.tag && x.pipelineRef !== "main") &&
          sim.artifactTruth(x.job.id)?.available === true,
        `a ${kind} build`,
      );
      const response = await download(j, "build.env");
      expect(response.status).toBe(200);
      const env = Object.fromEntries(response.text.trim().split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2)));
      const expected = kind === "tag" ? j.pipelineRef : kind === "main" ? `main-${j.sha}` : `${slug(j.pipelineRef)}-${j.sha.slice(0, 8)}`;
      expect(env.IMAGE_TAG).toBe(expected);
      expect(env.IMAGE_NAME).toMatch(/^registry\.cwiq\.example\/cwiq\//);
      expect(sim.artifactTruth(j.job.id)?.env?.IMAGE_TAG).toBe(expected);
    }
  });

  it("still serves a scanner's report when the scanner failed because it found something", async () => {
    const j = find(
      (x) => (x.job.name === "semgrep" || x.job.name === "trivy-fs-scan") && x.job.status === "failed" && x.job.failure_reason === "script_failure" && sim.artifactTruth(x.job.id)?.available === true,
      "a failed scanner",
    );
    expect(j.job.artifacts.map((a) => a.file_type)).toContain("archive");
    const response = await download(j, FILE_OF[j.job.name]!);
    expect(response.status).toBe(200);
    expect(Sarif.parse(JSON.parse(response.text)).runs).toHaveLength(1);
  });

  it("answers 404 for a file the job did not produce, or for another project's job", async () => {
    const lint = find((x) => x.job.name === "lint" && x.job.status === "success", "a lint job");
    const semgrep = find((x) => x.job.name === "semgrep" && sim.artifactTruth(x.job.id)?.available === true, "a semgrep job");
    for (const [j, file] of [[lint, "semgrep-results.sarif"], [semgrep, "coverage.xml"], [semgrep, "reports/semgrep-results.sarif"]] as const) {
      const response = await download(j, file);
      expect(response.status).toBe(404);
      expect(JSON.parse(response.text)).toEqual(NOT_FOUND);
    }
    const other = await fetch(artifactPath({ ...semgrep, projectId: semgrep.projectId === 101 ? 102 : 101 }, "semgrep-results.sarif"), { headers: { "PRIVATE-TOKEN": sim.token } });
    expect(other.status).toBe(404);
    expect(sim.artifactTruth(lint.job.id)).toBeUndefined();
  });

  it("answers 404 while the job has not finished", async () => {
    const running = find((x) => FILE_OF[x.job.name] !== undefined && ["created", "pending", "running"].includes(x.job.status), "unfinished");
    const response = await download(running, FILE_OF[running.job.name]!);
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toEqual(NOT_FOUND);
    expect(sim.artifactTruth(running.job.id)).toMatchObject({ available: false, unavailableReason: "not-finished", findings: [] });
  });

  it("answers 404 for expired and erased artifacts, and the job JSON says so", async () => {
    const now = sim.clock.now();
    const expired = find((x) => FILE_OF[x.job.name] !== undefined && x.job.artifacts_expire_at !== null && Date.parse(x.job.artifacts_expire_at) <= now, "expired");
    expect(expired.job.artifacts_file).toBeUndefined();
    expect(expired.job.artifacts.map((a) => a.file_type)).toEqual(["trace"]);
    expect((await download(expired, FILE_OF[expired.job.name]!)).status).toBe(404);
    expect(sim.artifactTruth(expired.job.id)?.unavailableReason).toBe("expired");

    const erased = find((x) => FILE_OF[x.job.name] !== undefined && x.job.erased_at !== null, "erased");
    expect(erased.job.artifacts).toEqual([]);
    expect((await download(erased, FILE_OF[erased.job.name]!)).status).toBe(404);
    expect(sim.artifactTruth(erased.job.id)?.unavailableReason).toBe("erased");
  });

  it("answers 404 for coverage.xml where the project declares it only under artifacts:reports", async () => {
    const j = find((x) => x.projectId === 104 && x.job.name === "test" && x.job.status === "success" && x.job.artifacts_file !== undefined, "an executor test job");
    expect(j.job.artifacts.map((a) => a.file_type)).toContain("cobertura");
    const response = await download(j, "coverage.xml");
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toEqual(NOT_FOUND);
    expect(sim.artifactTruth(j.job.id)?.unavailableReason).toBe("report-only");
  });

  it("answers 401 to a wrong token", async () => {
    const j = find((x) => x.job.name === "semgrep" && sim.artifactTruth(x.job.id)?.available === true, "a semgrep job");
    const response = await download(j, "semgrep-results.sarif", "glpat-wrong");
    expect(response.status).toBe(401);
    expect(JSON.parse(response.text)).toEqual({ message: "401 Unauthorized" });
  });

  it("agrees with the job JSON for every job: a file is served only from a finished job that still has its archive", () => {
    const now = sim.clock.now();
    const list = producing();
    expect(list.length).toBeGreaterThan(1000);
    let available = 0;
    for (const j of list) {
      const truth = sim.artifactTruth(j.job.id);
      const hasArchive = j.job.artifacts.some((a) => a.file_type === "archive");
      const live = j.job.artifacts_expire_at !== null && Date.parse(j.job.artifacts_expire_at) > now && j.job.erased_at === null;
      if (truth?.available) {
        available++;
        expect(hasArchive && live, `job ${j.job.id}`).toBe(true);
        expect(["success", "failed"]).toContain(j.job.status);
      } else if (truth?.unavailableReason !== "report-only" && truth?.unavailableReason !== "not-uploaded") {
        expect(hasArchive && live, `job ${j.job.id} (${truth?.unavailableReason})`).toBe(false);
      }
    }
    expect(available / list.length).toBeGreaterThan(0.8);
  });

  it("serves files Stageboard's artifact parser reads, with fingerprints that survive moved lines", async () => {
    const fingerprints = new Map<string, Set<string>>();
    const lines = new Map<string, Set<number | null>>();
    const available = jobs.filter((x) => x.projectId === 101 && sim.artifactTruth(x.job.id)?.available === true);
    // Every scan report, and a few of the (larger, unchanging in shape) coverage and build.env files.
    const isScan = (x: JobAt) => x.job.name === "semgrep" || x.job.name.startsWith("trivy-");
    const served = [...available.filter(isScan), ...available.filter((x) => x.job.name === "test").slice(0, 4), ...available.filter((x) => x.job.name === "build-push").slice(0, 4)];
    expect(served.length).toBeGreaterThan(100);
    for (const j of served) {
      const file = FILE_OF[j.job.name]!;
      const truth = sim.artifactTruth(j.job.id);
      const result = await parseArtifact({ bytes: (await download(j, file)).text, name: file });
      if (result.status !== "ok") throw new Error(`${file} of job ${j.job.id}: ${result.message}`);
      if (result.kind === "coverage") expect(result.coverage.lineRate).toBeCloseTo(truth?.coverageLineRate ?? -1, 10);
      if (result.kind === "dotenv") expect(result.dotenv.imageTag).toBe(truth?.env?.IMAGE_TAG);
      if (result.kind !== "scan") continue;
      expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual(truth?.findings.map((f) => [f.ruleId, f.severity]));
      result.findings.forEach((parsed, i) => {
        const key = truth?.findings[i]?.key ?? "";
        fingerprints.set(key, (fingerprints.get(key) ?? new Set()).add(parsed.fingerprint));
        lines.set(key, (lines.get(key) ?? new Set()).add(parsed.line));
      });
    }
    expect([...lines.values()].filter((set) => set.size > 1).length).toBeGreaterThan(3);
    expect([...fingerprints].filter(([, set]) => set.size > 1)).toEqual([]);
  });

  it("reports findings that change from pipeline to pipeline on main", () => {
    const sets = jobs
      .filter((x) => x.projectId === 101 && x.job.name === "semgrep" && x.pipelineRef === "main")
      .map((x) => sim.artifactTruth(x.job.id))
      .filter((t) => t?.available)
      .map((t) => (t?.findings ?? []).map((f) => f.key).sort().join(","));
    expect(sets.length).toBeGreaterThan(10);
    expect(new Set(sets).size).toBeGreaterThan(3);
  });
});
