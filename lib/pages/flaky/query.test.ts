import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { getFlakyJobs } from "./query";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const daysAgo = (days: number, minutes = 0) => new Date(NOW.getTime() - days * 86_400_000 + minutes * 60_000);

let nextJobId = 1n;

/** One pipeline, `daysAgo` days before NOW, with the given attempts per job name (in creation order). */
async function addPipeline(db: Db, serviceId: number, id: bigint, age: number, jobs: Record<string, string[]>) {
  const created = daysAgo(age);
  await db.pipeline.create({
    data: {
      id,
      iid: Number(id),
      serviceId,
      ref: "main",
      refKind: "MAIN",
      sha: id.toString(16).padStart(40, "0"),
      source: "push",
      status: "success",
      createdAt: created,
      updatedAt: created,
      webUrl: `https://gitlab.example/pipelines/${id}`,
    },
  });
  const data = Object.entries(jobs).flatMap(([name, statuses]) =>
    statuses.map((status, i) => ({
      id: nextJobId++,
      pipelineId: id,
      serviceId,
      stage: name === "lint" ? "validate" : "test",
      name,
      status,
      allowFailure: false,
      retried: i < statuses.length - 1,
      createdAt: daysAgo(age, i + 1),
      webUrl: `https://gitlab.example/jobs/${nextJobId}`,
    })),
  );
  await db.job.createMany({ data });
}

describe("getFlakyJobs", () => {
  let tdb: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.db;
    const server = await db.service.create({ data: { name: "server", projectRef: "cwiq/server" } });
    const ui = await db.service.create({ data: { name: "ui", projectRef: "cwiq/ui" } });
    // server/test: 4 pipelines ran it in the last 30 days, 2 flaked (101 and 103, 103 the newer).
    await addPipeline(db, server.id, 101n, 10, { test: ["failed", "success"], lint: ["success"] });
    await addPipeline(db, server.id, 102n, 8, { test: ["success"], lint: ["success"] });
    await addPipeline(db, server.id, 103n, 2, { test: ["failed", "failed", "success"], lint: ["failed"] });
    // A failure retried into another failure is not a flake; neither is a success followed by a failure.
    await addPipeline(db, server.id, 104n, 1, { test: ["success", "failed"], lint: ["failed", "failed"] });
    // Skipped: did not run, does not count.
    await addPipeline(db, server.id, 105n, 1, { test: ["skipped"] });
    // Outside a 30-day window, inside 90.
    await addPipeline(db, server.id, 106n, 60, { test: ["failed", "success"], lint: ["failed", "success"] });
    // ui/test: 1 of 1 flaked; the same job name in another service stays separate.
    await addPipeline(db, ui.id, 201n, 3, { test: ["failed", "success"] });
    // ui/lint: canceled then success: not a flake.
    await addPipeline(db, ui.id, 202n, 3, { lint: ["canceled", "success"] });
  });

  afterAll(async () => {
    await tdb?.drop();
  });

  it("counts pipelines and flaky pipelines per service and job over the window", async () => {
    const data = await getFlakyJobs(db, { days: 30, now: NOW });
    expect(data.days).toBe(30);
    expect(data.jobs).toEqual([
      {
        service: "ui",
        jobName: "test",
        stage: "test",
        pipelines: 1,
        flakyPipelines: 1,
        flakeRate: 1,
        latestFlakyPipelineId: 201,
        latestFlakyAt: daysAgo(3).toISOString(),
      },
      {
        service: "server",
        jobName: "test",
        stage: "test",
        pipelines: 4,
        flakyPipelines: 2,
        flakeRate: 0.5,
        latestFlakyPipelineId: 103,
        latestFlakyAt: daysAgo(2).toISOString(),
      },
    ]);
  });

  it("widens with the window", async () => {
    const data = await getFlakyJobs(db, { days: 90, now: NOW });
    const byKey = Object.fromEntries(data.jobs.map((j) => [`${j.service}/${j.jobName}`, j]));
    expect(Object.keys(byKey).sort()).toEqual(["server/lint", "server/test", "ui/test"]);
    expect(byKey["server/test"]).toMatchObject({ pipelines: 5, flakyPipelines: 3, flakeRate: 0.6, latestFlakyPipelineId: 103 });
    expect(byKey["server/lint"]).toMatchObject({ pipelines: 5, flakyPipelines: 1, flakeRate: 0.2, latestFlakyPipelineId: 106 });
  });

  it("is empty without flakes in the window", async () => {
    const data = await getFlakyJobs(db, { days: 7, now: new Date(NOW.getTime() + 30 * 86_400_000) });
    expect(data.jobs).toEqual([]);
  });
});
