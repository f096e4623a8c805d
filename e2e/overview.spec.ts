import { expect, test } from "@playwright/test";
import { SIMULATOR_PORT } from "../playwright.config";

const SERVICES = ["server", "iam-api", "ui", "executor"];
const STAGES = ["validate", "test", "build", "push", "scan", "release", "deploy-dev", "migrate", "verify"];
const STATUSES = ["success", "failed", "failed_allowed", "running", "pending", "created", "manual", "skipped", "canceled", "none"];

test.describe("overview", () => {
  test("shows the four CWIQ services with their latest main pipeline as nine stages", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("demo-badge")).toBeVisible();
    for (const service of SERVICES) {
      // The first backfill may still be running: the page fills in by itself.
      await expect(page.getByTestId(`service-row-${service}`)).toHaveAttribute("data-pipeline-id", /^\d+$/, { timeout: 90_000 });
      for (const stage of STAGES) {
        const cell = page.getByTestId(`stage-cell-${service}-${stage}`);
        await expect(cell).toBeVisible();
        expect(STATUSES).toContain(await cell.getAttribute("data-status"));
      }
      // Main pipelines never run the release stage (tags only).
      await expect(page.getByTestId(`stage-cell-${service}-release`)).toHaveAttribute("data-status", "none");
    }
    await expect(page.getByTestId("sync-indicator")).toContainText(/Synced/);
    const gitlabLink = page.getByTestId("service-row-server").getByRole("link", { name: /#\d+/ });
    await expect(gitlabLink).toHaveAttribute("href", new RegExp(`^http://127\\.0\\.0\\.1:${SIMULATOR_PORT}/cwiq/server/-/pipelines/\\d+$`));
  });

  test("updates by itself when the simulated GitLab moves on", async ({ page, request }) => {
    await page.goto("/");
    const rows = SERVICES.map((s) => page.getByTestId(`service-row-${s}`));
    for (const row of rows) await expect(row).toHaveAttribute("data-pipeline-id", /^\d+$/, { timeout: 90_000 });
    const snapshot = async () =>
      page.evaluate(() =>
        [...document.querySelectorAll("[data-testid^='service-row-']")]
          .map((row) => `${row.getAttribute("data-pipeline-id")}:${[...row.querySelectorAll("[data-status]")].map((c) => c.getAttribute("data-status")).join(",")}`)
          .join("|"),
      );
    const before = await snapshot();
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    // An hour passes upstream: running pipelines finish and new ones start.
    const advanced = await request.post(`http://127.0.0.1:${SIMULATOR_PORT}/__sim/advance?seconds=3600`);
    expect(advanced.ok()).toBe(true);

    await expect.poll(snapshot, { timeout: 60_000, intervals: [1_000] }).not.toBe(before);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  test("shows a service's own latest pipeline, never the child pipeline one of its trigger jobs started", async ({ page, request }) => {
    await page.goto("/");
    const row = page.getByTestId("service-row-ui");
    await expect(row).toHaveAttribute("data-pipeline-id", /^\d+$/, { timeout: 90_000 });
    const answer = await request.get(`/api/pipelines/${await row.getAttribute("data-pipeline-id")}`);
    expect(answer.ok()).toBe(true);
    const { pipeline } = (await answer.json()) as { pipeline: { source: string; parent: unknown } };
    expect(pipeline.parent).toBeNull();
    expect(pipeline.source).not.toBe("parent_pipeline");
  });
});

test("finds a service by name, keeps favourites first across reloads, and shows the failing ones", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("service-row-server")).toBeVisible({ timeout: 90_000 });
  await page.getByTestId("service-search").fill("IAM");
  await expect(page.getByTestId("service-row-iam-api")).toBeVisible();
  await expect(page.getByTestId("service-row-server")).toHaveCount(0);
  await expect(page.getByTestId("services-shown")).toHaveText("1 of 4 services");
  await page.getByTestId("service-search").fill("");

  await page.getByTestId("favourite-ui").click();
  await expect(page.getByTestId("favourite-services").getByTestId("service-row-ui")).toBeVisible();
  await page.reload();
  // Kept in the browser: the star and the section come back after a reload.
  await expect(page.getByTestId("favourite-services").getByTestId("service-row-ui")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("favourite-ui")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("favourite-ui").click();
  await expect(page.getByTestId("favourite-services")).toHaveCount(0);

  // Failing only keeps exactly the rows whose main pipeline failed (or a stage of it, or the sync).
  await page.getByTestId("failing-only").check();
  for (const service of ["server", "iam-api", "ui", "executor"]) {
    const row = page.getByTestId(`service-row-${service}`);
    if ((await row.count()) === 0) continue;
    const failedCells = await row.locator('[data-status="failed"]').count();
    expect(failedCells, service).toBeGreaterThan(0);
  }
});
