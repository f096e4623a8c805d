import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { openCursor } from "../cursors";
import { refreshPipelineFindings } from "./rule-findings";

/* The findings pass over a real database: what it records, and that it judges each stored pipeline once. */
let tdb: TestDatabase;
let serviceId: number;
/** One pass as the sync cycle runs it: with the cursor as stored by the previous pass. */
const refresh = async () => refreshPipelineFindings(tdb.db, serviceId, await openCursor(tdb.db, serviceId, "rule-findings"));
const at = (minute: number) => new Date(Date.parse("2026-11-20T10:00:00.000Z") + minute * 60_000);

async function pipeline(id: bigint, ref: string, refKind: "MAIN" | "BRANCH" | "TAG", jobs: Array<{ name: string; stage: string; status?: string; allowFailure?: boolean; manual?: boolean; retried?: boolean; start?: number; end?: number }>) {
  await tdb.db.pipeline.create({
    data: {
      id, iid: Number(id), serviceId, ref, refKind, sha: "c".repeat(40), source: "push", status: "success",
      createdAt: at(0), updatedAt: at(30), webUrl: `http://gitlab.test/-/pipelines/${id}`,
      jobs: {
        create: jobs.map((j, i) => ({
          id: id * 100n + BigInt(i), serviceId, name: j.name, stage: j.stage, status: j.status ?? "success", allowFailure: j.allowFailure ?? false,
          manual: j.manual ?? false, retried: j.retried ?? false, createdAt: at(0), startedAt: at(j.start ?? i), finishedAt: at(j.end ?? i + 1),
          webUrl: `http://gitlab.test/-/jobs/${id * 100n + BigInt(i)}`,
        })),
      },
    },
  });
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  serviceId = (await tdb.db.service.create({ data: { name: "server", projectRef: "cwiq/server" } })).id;
  await tdb.db.syncState.create({ data: { serviceId } });
  await pipeline(1n, "main", "MAIN", [{ name: "build-push", stage: "build" }, { name: "deploy-dev", stage: "deploy-dev" }]);
  await pipeline(2n, "main", "MAIN", [
    { name: "build-push", stage: "build", retried: true, start: 0, end: 1 },
    { name: "push-latest", stage: "push", start: 2, end: 3 },
    { name: "trivy-image-scan", stage: "scan", start: 4, end: 5 },
    { name: "build-push", stage: "build", start: 20, end: 22 },
  ]);
  await pipeline(3n, "feature/x", "BRANCH", [{ name: "deploy-dev", stage: "deploy-dev", manual: true, allowFailure: true }]);
  await pipeline(4n, "v1.0.0", "TAG", [{ name: "build-push", stage: "build" }]);
});

afterAll(() => tdb.drop());

describe("pipeline findings", () => {
  it("records each broken rule and integrity problem once, and nothing for a compliant pipeline", async () => {
    expect(await refresh()).toBe(3);
    const rows = await tdb.db.pipelineFinding.findMany({ orderBy: [{ pipelineId: "asc" }, { rule: "asc" }] });
    expect(rows.map((r) => `${r.pipelineId}:${r.rule}`)).toEqual(["1:main-without-scan", "2:earlier-build", "4:tag-without-release"]);
    expect(rows.find((r) => r.rule === "earlier-build")?.message).toMatch(/push-latest.*trivy-image-scan/);
  });

  it("judges nothing again when nothing was stored since", async () => {
    expect(await refresh()).toBe(0);
  });

  it("judges a pipeline again when the sync stores it again", async () => {
    await tdb.db.job.create({
      data: { id: 999n, pipelineId: 1n, serviceId, name: "sonarqube-scan", stage: "scan", status: "success", allowFailure: false, createdAt: at(0), webUrl: "http://gitlab.test/-/jobs/999" },
    });
    await tdb.db.pipeline.update({ where: { id: 1n }, data: { syncedAt: new Date(Date.now() + 1000) } });
    await refresh();
    expect(await tdb.db.pipelineFinding.count({ where: { pipelineId: 1n } })).toBe(0);
    expect(await tdb.db.pipelineFinding.count()).toBe(2);
  });
});
