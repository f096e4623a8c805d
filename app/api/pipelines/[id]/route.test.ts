import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { GET } from "./route";

/* The route handler as Next runs it, reading a real database through DATABASE_URL. */
let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
  process.env.DATABASE_URL = tdb.url;
  const service = await tdb.db.service.create({ data: { name: "server", projectRef: "cwiq/server" } });
  const at = new Date("2026-11-01T10:00:00.000Z");
  await tdb.db.pipeline.create({
    data: {
      id: 42n, iid: 1, serviceId: service.id, ref: "main", refKind: "MAIN", sha: "a".repeat(40), source: "push",
      status: "success", createdAt: at, updatedAt: at, webUrl: "http://gitlab.test/cwiq/server/-/pipelines/42",
      jobs: { create: [{ id: 420n, serviceId: service.id, stage: "build", name: "build-push", status: "success", allowFailure: false, createdAt: at, webUrl: "http://gitlab.test/-/jobs/420" }] },
    },
  });
});

afterAll(async () => {
  delete process.env.DATABASE_URL;
  await tdb.drop();
});

const call = (id: string) => GET(new Request(`http://localhost/api/pipelines/${id}`), { params: Promise.resolve({ id }) });

describe("GET /api/pipelines/[id]", () => {
  it("answers 400 with an error for a non-numeric id", async () => {
    const response = await call("1%20OR%201=1");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });

  it.each([
    ["a path traversal", "..%2F..%2Fetc%2Fpasswd"],
    ["a number beyond any pipeline id", "99999999999999999999999"],
    ["zero", "0"],
    ["a negative number", "-1"],
    ["exponent notation", "1e3"],
    ["unicode digits", "%D9%A3"],
    ["a NUL byte", "42%00"],
    ["an SQL fragment after a number", "42;DROP%20TABLE%20pipeline"],
  ])("answers 400 for %s", async (_label, id) => {
    const response = await call(decodeURIComponent(id));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });

  it("answers 404 for an unknown pipeline", async () => {
    const response = await call("7");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });

  it("answers the pipeline's data, uncached", async () => {
    const response = await call("42");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({ pipeline: { id: 42 } });
    expect(JSON.stringify(body)).toContain("build-push");
  });
});
