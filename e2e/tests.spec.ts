import { expect, test, type Page } from "@playwright/test";

/*
 * From a red pipeline to the test that failed in it, and on to that test's history: the walk an
 * engineer takes when main goes red. The simulated GitLab's failed test jobs fail some of their tests.
 */

interface FailedTestAnswer {
  tests: { failedTotal: number; suites: { suite: string; tests: { testId: number; name: string }[] }[] };
}

test("a red pipeline lists its failed tests, and one opens its history with that pipeline among its failures", async ({ page, request }) => {
  let found: { pipeline: number; testId: number; name: string } | null = null;
  await expect
    .poll(
      async () => {
        for (const service of ["server", "iam-api", "ui", "executor"]) {
          const answer = await request.get(`/api/services/${service}?status=failed&perPage=50`);
          if (!answer.ok()) continue;
          const { pipelines } = (await answer.json()) as { pipelines: { items: { id: number }[] } };
          for (const { id } of pipelines.items) {
            const detail = await request.get(`/api/pipelines/${id}`);
            if (!detail.ok()) continue;
            const { tests } = (await detail.json()) as FailedTestAnswer;
            const first = tests.suites[0]?.tests[0];
            if (tests.failedTotal > 0 && first) return (found = { pipeline: id, testId: first.testId, name: first.name });
          }
        }
        return null;
      },
      { timeout: 120_000, intervals: [3_000] },
    )
    .not.toBeNull();
  if (!found) throw new Error("no red pipeline with failed tests");
  const { pipeline, testId, name } = found;

  await page.goto(`/pipelines/${pipeline}`);
  const panel = page.getByTestId("failed-tests");
  await expect(panel).toBeVisible();
  const row = panel.locator(`[data-testid="failed-test"][data-test-id="${testId}"]`).first();
  await expect(row).toBeVisible();
  // Either new on the ref or failing since an earlier pipeline, with the failure's first lines.
  await expect(row.getByTestId("test-new").or(row.getByText(/failing since/)).or(row.getByText("passed on retry"))).toBeVisible();
  await expect(row.locator("pre")).not.toBeEmpty();
  await shoot(page, "pipeline-failed-tests");
  await row.getByTestId("failed-test-link").click();

  await expect(page).toHaveURL(new RegExp(`/tests/${testId}$`));
  await expect(page.getByTestId("test-name")).toHaveText(name);
  await expect(page.getByTestId("test-failures")).toBeVisible();
  await expect(page.getByTestId("test-failures").locator(`a[href="/pipelines/${pipeline}"]`).first()).toBeVisible();
  expect(Number(await page.getByTestId("test-failed-runs").textContent())).toBeGreaterThan(0);
  await shoot(page, "test-history");

  // And from the header to the list of tests across services, where it is listed as failing.
  await page.getByTestId("nav-tests").click();
  await expect(page).toHaveURL(/\/tests$/);
  await expect(page.getByTestId("tests-table")).toBeVisible();
  await page.getByTestId("tests-search").fill(name);
  await page.getByTestId("tests-view").selectOption("failing");
  await page.getByTestId("tests-submit").click();
  await expect(page.locator(`[data-testid="test-row"][data-test-id="${testId}"]`)).toBeVisible();
  await shoot(page, "tests");
  const csv = await request.get((await page.getByTestId("tests-csv").getAttribute("href")) ?? "/api/tests/tests.csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain(`,${testId}\r\n`);
});

/** With E2E_SHOTS=DIR, the page at a phone's and a desktop's width, for a person to look at. */
async function shoot(page: Page, name: string) {
  const dir = process.env.E2E_SHOTS;
  if (!dir) return;
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(size);
}

test("an unknown test says so", async ({ page, request }) => {
  await page.goto("/tests/999999999");
  await expect(page.getByTestId("test-not-found")).toBeVisible();
  expect((await request.get("/api/tests/999999999")).status()).toBe(404);
  expect((await request.get("/api/tests/abc")).status()).toBe(400);
});
