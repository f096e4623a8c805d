import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "..";

/* The simulated DefectDojo's products, engagements and tests lists over HTTP, as a current and as an old server. */

const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 9, now: ANCHOR, historyDays: 3, pipelinesPerDay: 8, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
});
afterAll(() => sim.close());
afterEach(() => sim.defectdojoControl.reset());

interface Page {
  count: number;
  results: Array<Record<string, unknown>>;
}

async function list(path: string, params: Record<string, string>): Promise<{ status: number; page: Page }> {
  const response = await fetch(`${sim.defectdojo.url}/api/v2/${path}/?${new URLSearchParams(params).toString()}`, {
    headers: { Authorization: `Token ${sim.defectdojo.token}` },
  });
  return { status: response.status, page: (await response.json()) as Page };
}

async function engagementOf(productName: string): Promise<number> {
  const products = await list("products", { name_exact: productName });
  const product = products.page.results[0];
  const engagements = await list("engagements", { product: String(product?.id) });
  return Number(engagements.page.results[0]?.id);
}

describe("simulated DefectDojo lists", () => {
  it("finds products by a name they contain or by the exact name, and engagements by product", async () => {
    sim.defectdojoControl.addProduct("cwiq/server-e2e", ANCHOR);
    const contains = await list("products", { name: "server" });
    expect(contains.page.results.map((p) => p.name)).toEqual(["cwiq/server", "cwiq/server-e2e"]);
    const exact = await list("products", { name_exact: "CWIQ/Server" });
    expect(exact.page.results.map((p) => p.name)).toEqual(["cwiq/server"]);
    const engagements = await list("engagements", { product: String(exact.page.results[0]?.id) });
    expect(engagements.page.results).toHaveLength(1);
    expect(engagements.page.results[0]).toMatchObject({ product: exact.page.results[0]?.id, engagement_type: "CI/CD" });
    expect((await list("engagements", { product: "99999" })).status).toBe(400);
  });

  it("narrows tests by engagement and by the CI fields, and ignores a filter it does not have", async () => {
    const engagement = await engagementOf("cwiq/server");
    const own = await list("tests", { engagement: String(engagement), limit: "500" });
    expect(own.page.count).toBeGreaterThan(3);
    expect(own.page.results.every((t) => t.engagement === engagement)).toBe(true);
    const some = own.page.results.find((t) => t.build_id !== null);
    const byBuild = await list("tests", { engagement: String(engagement), build_id: String(some?.build_id) });
    expect(byBuild.page.results.map((t) => t.id)).toEqual([some?.id]);
    // Not a filter of DefectDojo's tests list, so every product's tests come back.
    const all = await list("tests", { limit: "500" });
    const productId = (await list("products", { name_exact: "cwiq/server" })).page.results[0]?.id;
    const unfiltered = await list("tests", { engagement__product: String(productId), limit: "500" });
    expect(unfiltered.page.count).toBe(all.page.count);
    expect(all.page.count).toBeGreaterThan(own.page.count);
  });

  it("as an old server, ignores the CI filters and the ordering but still narrows by engagement", async () => {
    const engagement = await engagementOf("cwiq/server");
    const current = await list("tests", { engagement: String(engagement), limit: "500", o: "-created" });
    const some = current.page.results.find((t) => t.build_id !== null);
    sim.defectdojoControl.setOldServer(true);
    const old = await list("tests", { engagement: String(engagement), build_id: String(some?.build_id), o: "-created", limit: "500" });
    expect(old.page.count).toBe(current.page.count);
    expect(old.page.results.some((t) => t.build_id !== some?.build_id)).toBe(true);
    const ids = old.page.results.map((t) => Number(t.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(old.page.results.every((t) => t.engagement === engagement)).toBe(true);
  });

  it("holds an added import in its product's engagement, without findings, until reset", async () => {
    const engagement = await engagementOf("cwiq/ui");
    const id = sim.defectdojoControl.addTest({ product: "cwiq/ui", created: ANCHOR - 60_000, branchTag: "main" });
    const found = await list("tests", { id: String(id) });
    expect(found.page.results[0]).toMatchObject({ id, engagement, branch_tag: "main", build_id: null, commit_hash: null });
    expect((await list("findings", { test: String(id) })).page.count).toBe(0);
    sim.defectdojoControl.reset();
    expect((await list("tests", { id: String(id) })).page.count).toBe(0);
  });
});
