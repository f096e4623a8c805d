import { expect, test } from "@playwright/test";
import { parsePrometheusText } from "../test/support/prometheus-text";

/*
 * /metrics of `npm start` itself: the sync loop (started by the start script) and the route handler
 * (loaded by Next.js) count into one registry, and the pages' own requests are timed by route.
 */
test("/metrics shows the in-process sync's GitLab requests and the pages' latency", async ({ request }) => {
  await expect(async () => {
    // A page request first, so its latency is counted by the time of the scrape.
    expect((await request.get("/services/server")).status()).toBe(200);
    const response = await request.get("/metrics");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/plain");
    const families = parsePrometheusText(await response.text());
    const gitlab = families.get("stageboard_upstream_requests_total")?.samples.filter((s) => s.labels.upstream === "GitLab") ?? [];
    expect(gitlab.some((s) => s.labels.endpoint === "/projects/:id/pipelines" && s.labels.status === "200" && s.value > 0)).toBe(true);
    const cycles = families.get("stageboard_sync_cycle_duration_seconds")?.samples.filter((s) => s.name.endsWith("_count") && s.labels.service === "server") ?? [];
    expect(cycles.reduce((sum, s) => sum + s.value, 0)).toBeGreaterThan(0);
    const pages = families.get("stageboard_http_request_duration_seconds")?.samples ?? [];
    expect(pages.some((s) => s.name.endsWith("_count") && s.labels.route === "/services/[param]" && s.labels.status === "200" && s.value > 0)).toBe(true);
  }).toPass({ timeout: 90_000 });
});
