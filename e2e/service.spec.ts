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

test.describe("service page tests", () => {
  test("shows the service's tests, sorts them from the keyboard, and a failing or flaky one opens its own page", async ({ page }) => {
    await page.goto("/services/server?period=7");
    // Scoped to the page: while the section streams in, React holds a hidden copy outside it.
    const section = page.getByTestId("service-page").getByTestId("service-tests");
    await expect(section.getByRole("heading", { name: "Tests", exact: true })).toBeVisible({ timeout: 90_000 });
    // Full test reports come after pipelines and jobs in the sync's cycle; the section refreshes itself.
    const tests = section.locator("[data-testid='failing-tests'], [data-testid='flaky-tests']");
    const link = tests.getByTestId("service-test-link").first();
    await expect(link).toBeVisible({ timeout: 180_000 });
    await expect(section.getByTestId("test-count-trend").locator("svg").first()).toBeVisible();

    const failures = section.getByTestId("failing-tests").getByRole("columnheader", { name: /Failures/ });
    if (await failures.isVisible()) {
      await expect(failures).toHaveAttribute("aria-sort", "descending");
      await section.getByTestId("sort-failing-tests-failures").focus();
      await page.keyboard.press("Enter");
      await expect(failures).toHaveAttribute("aria-sort", "ascending");
    }

    const name = (await link.textContent()) ?? "";
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/tests\/\d+$/);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.getByTestId("test-name")).toHaveText(name);
  });
});

test("the flaky-jobs list shows integration-test", async ({ page }) => {
  await page.goto("/flaky");
  await expect(page.getByTestId("flaky-table")).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("flaky-table")).toContainText("integration-test");
});
