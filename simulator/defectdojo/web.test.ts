import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDojoClient } from "@/lib/upstream/defectdojo/client";
import { startSimulator, type Simulator } from "..";

/* The simulated DefectDojo's web pages behind the links Stageboard shows, over HTTP. */

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, now: Date.parse("2026-11-20T12:00:00Z"), frozen: true, historyDays: 14, liveIntervalSeconds: 0 });
});
afterAll(() => sim.close());

describe("DefectDojo web pages", () => {
  it("serves a finding's and a test's page without a token, and 404 for an unknown id", async () => {
    const client = createDojoClient({ url: sim.defectdojo.url, token: sim.defectdojo.token, timeoutMs: 5_000 });
    const found = await client.findScope({ productNames: ["cwiq/server"] });
    if ("missing" in found) throw new Error(found.missing);
    // The newest import of the product.
    const [test] = await client.listTests(found.scope, new Date(sim.clock.now()));
    if (!test) throw new Error("no DefectDojo test of cwiq/server");
    const { findings } = await client.listFindings(test.id);
    const finding = findings[0];
    if (!finding) throw new Error("the test has no findings");

    const findingPage = await fetch(finding.link);
    expect(findingPage.status).toBe(200);
    expect(findingPage.headers.get("content-type")).toContain("text/html");
    expect(await findingPage.text()).toContain(`Finding #${finding.id}`);

    const testPage = await fetch(test.link);
    expect(testPage.status).toBe(200);
    expect(await testPage.text()).toContain(`Test #${test.id}`);

    expect((await fetch(`${sim.defectdojo.url}/finding/1`)).status).toBe(404);
    // The API still wants the token.
    expect((await fetch(`${sim.defectdojo.url}/api/v2/tests/`)).status).toBe(401);
  });
});
