import { expect, test } from "@playwright/test";

test.describe("service page", () => {
  test("filters by status and ref kind in the URL, and a reload keeps the view", async ({ page }) => {
    await page.goto("/services/server");
    await expect(page.getByTestId("service-page")).toBeVisible();
    await expect(page.getByTestId("pipelines-table").locator("[data-testid^='pipeline-row-']").first()).toBeVisible({ timeout: 90_000 });

    await page.getByTestId("filter-status").selectOption("failed");
    await expect(page).toHaveURL(/status=failed/);
    await page.getByTestId("filter-ref-kind").selectOption("main");
    await expect(page).toHaveURL(/refKind=main/);

    const rows = page.getByTestId("pipelines-table").locator("[data-testid^='pipeline-row-']");
    await expect(rows.first()).toBeVisible();
    const statuses = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(["failed"]));
    const firstRow = await rows.first().getAttribute("data-testid");

    await page.reload();
    await expect(page.getByTestId("filter-status")).toHaveValue("failed");
    await expect(page.getByTestId("filter-ref-kind")).toHaveValue("main");
    await expect(rows.first()).toHaveAttribute("data-testid", firstRow!);

    await page.goBack();
    await expect(page.getByTestId("filter-ref-kind")).toHaveValue("");
  });

  test("draws the success-rate chart with points and lists a flaky job", async ({ page }) => {
    await page.goto("/services/server?period=30");
    const chart = page.getByTestId("chart-success-rate");
    await expect(chart).toBeVisible({ timeout: 90_000 });
    await expect.poll(() => chart.locator("svg path.recharts-curve, svg .recharts-line-dots circle, svg .recharts-dot").count()).toBeGreaterThan(0);
    await expect(page.getByTestId("flaky-job-integration-test")).toBeVisible();
  });

  test("follows a failing job to its pipeline", async ({ page }) => {
    await page.goto("/services/server?period=30");
    const failing = page.getByTestId("failing-jobs").locator("[data-testid^='failing-job-']").first();
    await expect(failing).toBeVisible({ timeout: 90_000 });
    const name = ((await failing.getAttribute("data-testid")) ?? "").replace("failing-job-", "");
    await failing.getByRole("link", { name: /^pipeline \d+$/ }).click();
    await expect(page).toHaveURL(/\/pipelines\/\d+$/);
    await expect(page.getByTestId(`job-card-${name}`)).toBeVisible();
  });
});

test("the flaky-jobs list shows integration-test", async ({ page }) => {
  await page.goto("/flaky");
  await expect(page.getByTestId("flaky-table")).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("flaky-table")).toContainText("integration-test");
});
