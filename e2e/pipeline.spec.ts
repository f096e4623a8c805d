import { expect, test } from "@playwright/test";

test("a pipeline opens from the overview with its stages, jobs and GitLab job logs", async ({ page }) => {
  await page.goto("/");
  const details = page.getByTestId("pipeline-details-server");
  await expect(details).toBeVisible({ timeout: 90_000 });
  await details.click();

  await expect(page).toHaveURL(/\/pipelines\/\d+$/);
  await expect(page.getByTestId("pipeline-page")).toBeVisible();
  await expect(page.getByTestId("stage-column-validate")).toBeVisible();
  const lint = page.getByTestId("job-card-lint");
  await expect(lint).toBeVisible();
  expect(await lint.getAttribute("data-status")).toMatch(/^(success|failed|running|pending|created|canceled|skipped|manual)$/);
  const log = lint.getByTestId("job-log-link").first();
  await expect(log).toHaveAttribute("href", /\/-\/jobs\/\d+$/);

  await page.goBack();
  await expect(page.getByTestId("service-row-server")).toBeVisible();
});

test("an unknown pipeline says so", async ({ page, request }) => {
  // The page streams (it has a loading state), so the answer is the not-found view; the API says 404.
  await page.goto("/pipelines/999999999");
  await expect(page.getByTestId("pipeline-not-found")).toBeVisible();
  expect((await request.get("/api/pipelines/999999999")).status()).toBe(404);
  expect((await request.get("/api/pipelines/abc")).status()).toBe(400);
});
