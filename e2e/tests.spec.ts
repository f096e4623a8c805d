import { expect, test } from "@playwright/test";

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
  await row.getByTestId("failed-test-link").click();

  await expect(page).toHaveURL(new RegExp(`/tests/${testId}$`));
  await expect(page.getByTestId("test-name")).toHaveText(name);
  await expect(page.getByTestId("test-failures")).toBeVisible();
  await expect(page.getByTestId("test-failures").locator(`a[href="/pipelines/${pipeline}"]`).first()).toBeVisible();
  expect(Number(await page.getByTestId("test-failed-runs").textContent())).toBeGreaterThan(0);
});

test("an unknown test says so", async ({ page, request }) => {
  await page.goto("/tests/999999999");
  await expect(page.getByTestId("test-not-found")).toBeVisible();
  expect((await request.get("/api/tests/999999999")).status()).toBe(404);
  expect((await request.get("/api/tests/abc")).status()).toBe(400);
});
