import { readFile } from "node:fs/promises";
import { expect, test, type Locator } from "@playwright/test";
import { SIMULATOR_PORT } from "../playwright.config";

/* `/security` in demo mode: the app syncs the simulator's scan artifacts (and DefectDojo's findings). */

const DEFECTDOJO = `http://127.0.0.1:${SIMULATOR_PORT}/defectdojo`;

const attributes = (rows: Locator, name: string) => rows.evaluateAll((els, attr) => els.map((e) => e.getAttribute(attr)), name);

test.describe("security page", () => {
  test("filters to one service and severity in the URL and exports those rows as CSV", async ({ page }) => {
    await page.goto("/security");
    const rows = page.getByTestId("finding-row");
    await expect(rows.first()).toBeVisible({ timeout: 90_000 });

    await page.getByTestId("filter-service").selectOption("server");
    await expect(page).toHaveURL(/[?&]service=server(&|$)/);
    await page.getByTestId("filter-severity").selectOption("HIGH");
    await expect(page).toHaveURL(/[?&]severity=HIGH(&|$)/);

    await expect.poll(async () => [...new Set(await attributes(rows, "data-service"))], { timeout: 30_000 }).toEqual(["server"]);
    await expect.poll(async () => [...new Set(await attributes(rows, "data-severity"))]).toEqual(["HIGH"]);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
    expect(download.suggestedFilename()).toMatch(/^stageboard-findings-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile(await download.path(), "utf8")).split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(
      "service,scanner,severity,title,location,rule,first_seen,last_seen,age_days,past_age,state,defectdojo_url,sonarqube_url,gitlab_job_url",
    );
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line).toMatch(/^server,(semgrep|trivy-fs|trivy-image),HIGH,/);

    // The back button returns to the previous filters.
    await page.goBack();
    await expect(page).not.toHaveURL(/severity=/);
    await expect(page.getByTestId("filter-severity")).toHaveValue("");
    await expect(page.getByTestId("filter-service")).toHaveValue("server");
  });

  test("sorts by a column header and says so with aria-sort", async ({ page }) => {
    await page.goto("/security?service=server");
    await expect(page.getByTestId("finding-row").first()).toBeVisible({ timeout: 90_000 });
    await page.getByTestId("sort-age").click();
    await expect(page).toHaveURL(/sort=age&dir=desc/);
    const table = page.getByTestId("findings-table");
    await expect(table.getByRole("columnheader", { name: /Age/ })).toHaveAttribute("aria-sort", "descending");
    await expect(table.getByRole("columnheader", { name: /Severity/ })).toHaveAttribute("aria-sort", "none");
    // Oldest first: ages (whole days) never grow down the page.
    const ages = await table.getByTestId("finding-row").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-age-days"))));
    expect(ages.length).toBeGreaterThan(0);
    expect(ages).toEqual([...ages].sort((a, b) => b - a));
    await page.screenshot({ path: test.info().outputPath("security-1280.png"), fullPage: true });
  });

  test("follows a DefectDojo link to the finding", async ({ page, context }) => {
    await page.goto("/security?scanner=trivy-image");
    const link = page.getByTestId("link-defectdojo").first();
    await expect(link).toBeVisible({ timeout: 90_000 });
    const href = await link.getAttribute("href");
    expect(href).toMatch(new RegExp(`^${DEFECTDOJO.replaceAll(".", "\\.")}/finding/\\d+$`));

    const [popup] = await Promise.all([context.waitForEvent("page"), link.click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(href);
    const id = /\/finding\/(\d+)$/.exec(href ?? "")?.[1];
    await expect(popup.getByRole("heading", { level: 1 })).toContainText(`Finding #${id}`);
    expect((await popup.request.get(href ?? "")).status()).toBe(200);
  });

  test("refuses bad filters with a notice, and the API answers 400", async ({ page, request }) => {
    await page.goto("/security?severity=urgent");
    await expect(page.getByTestId("security-page")).toContainText("severity must be one of");
    const api = await request.get("/api/security?sort=cvss");
    expect(api.status()).toBe(400);
    expect(await api.json()).toEqual({ error: "sort: sort must be one of severity, age, service, scanner, title, lastSeen" });
  });
});
