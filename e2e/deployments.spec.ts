import { expect, test } from "@playwright/test";

const SERVICES = ["server", "iam-api", "ui", "executor"];
const BANDS = /^(elite|high|medium|low)$/;

test.describe("deployments", () => {
  test("shows a card per service with what runs on dev and the DORA figures with bands", async ({ page }) => {
    // Dev deployments are read in the backfill's cycle, once its pipelines are stored; on a loaded
    // machine the slowest service (ui, with its child pipelines) can take a minute or more.
    test.setTimeout(240_000);
    await page.goto("/deployments");
    for (const service of SERVICES) {
      const card = page.getByTestId(`deploy-card-${service}`);
      // The first backfill may still be running: the page fills in by itself.
      await expect(card.getByTestId("image-tag")).toBeVisible({ timeout: 180_000 });
      await expect(card.locator("[data-step='verify-dev']")).toBeVisible();
      await expect(card).toHaveAttribute("data-attention", /^(true|false)$/);
    }
    const figures = page.getByTestId("figures");
    await expect(figures).toHaveAttribute("data-period", "30");
    await expect(page.getByTestId("band-overall-frequency")).toHaveAttribute("data-band", BANDS);
    await expect(figures.getByRole("columnheader", { name: "Lead time (median)" }).locator("abbr")).toHaveAttribute("title", /commit/);
    for (const service of SERVICES) await expect(page.getByTestId(`figures-${service}`)).toBeVisible();
    // The simulated executor pins its templates to a branch and lacks the scan template: counted
    // once each, and said among the latest breaches with the whole story on demand.
    const compliance = page.getByTestId("compliance");
    await expect(compliance.locator("tr[data-rule='ci-templates'] td[data-service='executor']")).toHaveText("2");
    const breach = compliance.locator("li[data-rule='ci-templates'][data-service='executor']").first();
    await expect(breach).toBeVisible();
    await breach.locator("summary").click();
    await expect(breach).toContainText(/missing template|pins ref/);
  });

  test("summarises breaches per rule and service and pages through all of them on demand", async ({ page }) => {
    await page.goto("/deployments");
    const integrity = page.getByTestId("integrity");
    await expect(integrity.getByTestId("breach").first()).toBeVisible({ timeout: 90_000 });
    const total = Number(((await integrity.getByTestId("integrity-total").innerText()).match(/^\d+/) ?? ["0"])[0]);
    const counted = await integrity.locator("tbody tr td:last-child").allInnerTexts();
    expect(counted.reduce((sum, n) => sum + Number(n), 0)).toBe(total);
    await expect(integrity.getByTestId("breach")).toHaveCount(Math.min(total, 5));
    if (total > 5) {
      await integrity.getByTestId("integrity-toggle").click();
      await expect(integrity.getByTestId("integrity-toggle")).toHaveAttribute("aria-expanded", "true");
      await expect(integrity.getByTestId("breach")).toHaveCount(Math.min(total, 20));
    }
  });

  test("switching the period updates the URL and the figures", async ({ page }) => {
    await page.goto("/deployments");
    await expect(page.getByTestId("band-overall-frequency")).toHaveAttribute("data-band", BANDS, { timeout: 90_000 });
    const before = await page.getByTestId("figures-overall").innerText();
    await page.getByTestId("period-7").click();
    await expect(page).toHaveURL(/\/deployments\?days=7$/);
    await expect(page.getByTestId("figures")).toHaveAttribute("data-period", "7");
    await expect(page.getByTestId("figures")).toContainText("last 7 days");
    await expect(page.getByTestId("period-7")).toHaveAttribute("aria-pressed", "true");
    await page.getByTestId("period-90").click();
    await expect(page).toHaveURL(/\/deployments\?days=90$/);
    await expect(page.getByTestId("figures")).toHaveAttribute("data-period", "90");
    // Per day over 90 days differs from per day over 30 with a week of history.
    await expect.poll(() => page.getByTestId("figures-overall").innerText()).not.toBe(before);
  });
});
