import { expect, test } from "@playwright/test";

/* Pipelines as GitLab has them: merge-request pipelines named by their merge request, blocked manual pipelines. */
test.describe("GitLab's kinds of pipeline", () => {
  test("a merge-request pipeline shows as MR !N with its title and source branch, linked to the merge request", async ({ page }) => {
    await page.goto("/services/server?period=30&refKind=mr");
    const rows = page.getByTestId("pipelines-table").locator("[data-testid^='pipeline-row-']");
    await expect(rows.first()).toBeVisible({ timeout: 90_000 });
    const ref = rows.first().getByTestId("merge-request-ref");
    await expect(ref).toContainText(/MR !\d+/);
    // The merge request itself is read by the sync after its pipeline: title and branch follow.
    await expect(ref.locator("a")).toHaveAttribute("href", /\/-\/merge_requests\/\d+$/, { timeout: 60_000 });
    await expect(ref).toContainText(/\([\w./-]+\)$/);
    expect(await rows.evaluateAll((els) => els.every((e) => e.querySelector("[data-testid='merge-request-ref']") !== null))).toBe(true);

    await rows.first().locator("a[href^='/pipelines/']").first().click();
    await expect(page.getByTestId("pipeline-page")).toBeVisible();
    await expect(page.getByTestId("merge-request-ref")).toContainText(/MR !\d+/);
  });

  test("a pipeline waiting on a blocking manual job is blocked, not finished", async ({ page, request }) => {
    // Waits out the first sync cycles, which read full test reports (see deployments.spec.ts).
    test.setTimeout(240_000);
    // A service whose history holds one (not server: the alerts spec pauses its own pipelines); which
    // one does depends on the simulated world of this run.
    let service: string | null = null;
    await expect
      .poll(
        async () => {
          for (const name of ["iam-api", "ui", "executor"]) {
            const answer = await request.get(`/api/services/${name}?period=30&status=manual`);
            const data = answer.ok() ? ((await answer.json()) as { pipelines?: { items?: unknown[] } }) : {};
            if ((data.pipelines?.items?.length ?? 0) > 0) return (service = name);
          }
          return null;
        },
        { timeout: 180_000, intervals: [2_000] },
      )
      .not.toBeNull();
    await page.goto(`/services/${service}?period=30&status=manual`);
    const rows = page.getByTestId("pipelines-table").locator("[data-testid^='pipeline-row-']");
    await expect(rows.first()).toBeVisible({ timeout: 180_000 });
    const badge = rows.first().locator("[data-status='manual']").first();
    await expect(badge).toHaveText("blocked");
    await rows.first().locator("a[href^='/pipelines/']").first().click();
    await expect(page.getByTestId("pipeline-page")).toBeVisible();
    await expect(page.getByText("Finished", { exact: true })).toHaveCount(0);
  });
});
