import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { GET } from "./route";

/* The route handler as Next runs it, against a real database, fed hostile input. */
let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
  process.env.DATABASE_URL = tdb.url;
  const service = await tdb.db.service.create({ data: { name: "server", projectRef: "cwiq/server" } });
  const at = new Date();
  await tdb.db.pipeline.create({
    data: {
      id: 42n, iid: 1, serviceId: service.id, ref: "main", refKind: "MAIN", sha: "a".repeat(40), source: "push",
      status: "failed", createdAt: at, updatedAt: at, webUrl: "http://gitlab.test/cwiq/server/-/pipelines/42",
    },
  });
});

afterAll(async () => {
  delete process.env.DATABASE_URL;
  await tdb.drop();
});

/** `name` as Next hands it over (one path segment), `query` as the raw query string. */
const call = (name: string, query = "") =>
  GET(new Request(`http://localhost/api/services/${encodeURIComponent(name)}${query ? `?${query}` : ""}`), { params: Promise.resolve({ name }) });

async function expectBadRequest(response: Response, mentions?: string) {
  expect(response.status).toBe(400);
  const body: unknown = await response.json();
  expect(body).toEqual({ error: expect.any(String) });
  if (mentions) expect(JSON.stringify(body)).toContain(mentions);
}

describe("GET /api/services/[name]", () => {
  it("answers the service's pipelines for good input", async () => {
    const response = await call("server", "status=failed&refKind=main");
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain('"id":42');
  });

  it("answers 404 for a well-formed unknown service", async () => {
    expect((await call("nope")).status).toBe(404);
  });

  it.each([
    ["an SQL fragment", "server' OR '1'='1"],
    ["a path traversal", "../../etc/passwd"],
    ["an encoded path traversal", "..%2F..%2Fetc"],
    ["unicode", "sérvér-😀"],
    ["a NUL byte", "server\u0000"],
    ["a broken percent escape", "%E0%A4%A"],
    ["a very long name", "s".repeat(5_000)],
  ])("refuses %s as a service name with 400", async (_label, name) => {
    await expectBadRequest(await call(name));
  });

  it.each([
    ["an SQL fragment as status", "status=failed'%20OR%201=1--", "status"],
    ["a huge page", "page=1e400", "page"],
    ["a page beyond any integer", "page=99999999999999999999999", "page"],
    ["a negative perPage", "perPage=-5", "perPage"],
    ["a fractional period", "period=7.5", "period"],
    ["a repeated status", "status=failed&status=success", "status"],
    ["a NUL byte in ref", "ref=main%00", "ref"],
    ["an overlong ref", `ref=${"r".repeat(300)}`, "ref"],
    ["unicode digits as page", "page=%D9%A3", "page"],
  ])("refuses %s with 400 naming the parameter", async (_label, query, parameter) => {
    await expectBadRequest(await call("server", query), parameter);
  });

  it("treats a hostile but well-formed ref as data, not SQL", async () => {
    const response = await call("server", `ref=${encodeURIComponent("main'; DROP TABLE pipeline; --")}`);
    expect(response.status).toBe(200);
    expect(await tdb.db.pipeline.count()).toBe(1);
  });
});
