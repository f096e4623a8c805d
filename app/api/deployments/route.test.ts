import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { GET } from "./route";

/* The route handler as Next runs it, reading a real database through DATABASE_URL. */
let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
  process.env.DATABASE_URL = tdb.url;
  const service = await tdb.db.service.create({ data: { name: "server", projectRef: "cwiq/server" } });
  const at = new Date(Date.now() - 3_600_000);
  await tdb.db.deployment.create({
    data: {
      id: 7n, iid: 1, serviceId: service.id, environment: "dev", status: "success", ref: "main", sha: "b".repeat(40),
      allowFailure: false, pipelineId: 70n, commitCreatedAt: new Date(at.getTime() - 1_800_000), createdAt: at, updatedAt: at, finishedAt: at,
    },
  });
});

afterAll(async () => {
  delete process.env.DATABASE_URL;
  await tdb.drop();
});

const call = (query: string) => GET(new Request(`http://localhost/api/deployments${query}`));

describe("GET /api/deployments", () => {
  it.each(["?days=14", "?days=abc", "?days=7.5", "?days=-30"])("answers 400 for %s", async (query) => {
    const response = await call(query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "days must be one of 7, 30, 90" });
  });

  it("answers the board and the figures of the period asked for", async () => {
    const response = await call("?days=7");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { board: { services: Array<{ service: string; current: { id: number } | null }> }; figures: { periodDays: number; overall: { deployments: number; leadTime: { median: number } } } };
    expect(body.figures.periodDays).toBe(7);
    expect(body.figures.overall.deployments).toBe(1);
    expect(body.figures.overall.leadTime.median).toBe(1800);
    expect(body.board.services).toEqual([expect.objectContaining({ service: "server", current: expect.objectContaining({ id: 7 }) })]);
  });

  it("defaults to 30 days", async () => {
    const body = (await (await call("")).json()) as { figures: { periodDays: number } };
    expect(body.figures.periodDays).toBe(30);
  });
});
