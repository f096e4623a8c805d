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

test("a parent pipeline shows its trigger job with the child pipeline's jobs under it and a link to the child", async ({ page, request }) => {
  // ui's test stage triggers its end-to-end tests as a child pipeline: find a parent whose child is stored.
  let found: { parent: number; child: number } | null = null;
  await expect
    .poll(
      async () => {
        const service = await request.get("/api/services/ui?perPage=25");
        if (!service.ok()) return null;
        const { pipelines } = (await service.json()) as { pipelines: { items: { id: number }[] } };
        for (const { id } of pipelines.items) {
          const answer = await request.get(`/api/pipelines/${id}`);
          if (!answer.ok()) continue;
          const { stages } = (await answer.json()) as { stages: { jobs: { trigger: boolean; downstream: { id: number; stored: boolean; stages: unknown[] } | null }[] }[] };
          const trigger = stages.flatMap((s) => s.jobs).find((j) => j.trigger && j.downstream?.stored && j.downstream.stages.length > 0);
          if (trigger?.downstream) return (found = { parent: id, child: trigger.downstream.id });
        }
        return null;
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .not.toBeNull();
  const { parent, child } = found!;

  await page.goto(`/pipelines/${parent}`);
  const card = page.getByTestId("stage-column-test").getByTestId("job-card-e2e");
  await expect(card).toHaveAttribute("data-trigger", "true");
  const downstream = card.getByTestId("downstream-pipeline");
  await expect(downstream).toHaveAttribute("data-pipeline-id", String(child));
  // The child's own stages, in its order (GitLab's default build, then test), each with its jobs.
  await expect(downstream.locator("[data-testid^='downstream-stage-']")).toHaveCount(2);
  await expect(downstream.locator("[data-testid^='downstream-stage-']").first()).toHaveAttribute("data-testid", "downstream-stage-build");
  await expect(downstream.getByTestId("downstream-job-e2e-bundle")).toBeVisible();
  for (const shard of ["playwright 1/3", "playwright 2/3", "playwright 3/3"]) {
    await expect(downstream.getByTestId(`downstream-job-${shard}`)).toHaveAttribute("data-status", /^(success|failed|running|pending|created|canceled|skipped)$/);
  }

  await downstream.getByTestId("downstream-link").click();
  await expect(page).toHaveURL(new RegExp(`/pipelines/${child}$`));
  await expect(page.getByTestId("parent-pipeline")).toContainText("e2e");
  await expect(page.getByTestId("parent-pipeline-link")).toHaveAttribute("href", `/pipelines/${parent}`);
  await expect(page.getByTestId("job-card-e2e-bundle")).toBeVisible();
});
