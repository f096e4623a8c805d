import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { GET } from "./route";

/* The Tests section's route as Next runs it, against a real database. */
let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
  process.env.DATABASE_URL = tdb.url;
  await tdb.db.service.create({ data: { name: "server", projectRef: "cwiq/server" } });
});

afterAll(async () => {
  delete process.env.DATABASE_URL;
  await tdb.drop();
});

const call = (name: string, query = "") =>
  GET(new Request(`http://localhost/api/services/${encodeURIComponent(name)}/tests${query ? `?${query}` : ""}`), { params: Promise.resolve({ name }) });

describe("GET /api/services/[name]/tests", () => {
  it("answers the section for the period, empty without reports", async () => {
    const response = await call("server", "period=90");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ params: { service: "server", period: 90 }, hasResults: false, reportsWaiting: 0, failing: [] });
  });

  it("refuses a bad period or name with 400, and answers 404 for an unknown service", async () => {
    expect((await call("server", "period=14")).status).toBe(400);
    expect((await call("server", "period=7&period=30")).status).toBe(400);
    expect((await call("../etc")).status).toBe(400);
    expect((await call("nope")).status).toBe(404);
  });
});
