import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, test, type Page } from "@playwright/test";

/*
 * Every page on every screen and for everyone: no serious or critical WCAG 2 A/AA violation
 * (axe-core) in the light and the dark colour scheme, and no page wider than the window from a
 * 390 px phone to a 1920 px desktop.
 */

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WIDTHS = [390, 1280, 1920];

interface Screen {
  name: string;
  /** The path, or how to find it (the pipeline page needs a pipeline the sync has stored). */
  path(page: Page): Promise<string>;
  /** Shown once the page has its data: the first backfill may still be running. */
  ready: string;
}

const at = (path: string) => async () => path;

/** A pipeline whose test report has failures, once the sync has read some (as e2e/tests.spec.ts finds one). */
async function pipelineWithFailedTests(page: Page): Promise<number> {
  let found = 0;
  await expect
    .poll(
      async () => {
        for (const service of ["server", "iam-api", "ui", "executor"]) {
          const answer = await page.request.get(`/api/services/${service}?status=failed&perPage=50`);
          if (!answer.ok()) continue;
          const { pipelines } = (await answer.json()) as { pipelines: { items: { id: number }[] } };
          for (const { id } of pipelines.items) {
            const detail = await page.request.get(`/api/pipelines/${id}`);
            if (detail.ok() && ((await detail.json()) as { tests: { failedTotal: number } }).tests.failedTotal > 0) return (found = id);
          }
        }
        return 0;
      },
      { timeout: 120_000, intervals: [3_000] },
    )
    .toBeGreaterThan(0);
  return found;
}

const SCREENS: Screen[] = [
  { name: "overview", path: at("/"), ready: "[data-testid^='service-row-'][data-pipeline-id]:not([data-pipeline-id=''])" },
  {
    name: "service",
    path: at("/services/server"),
    // Its Tests section streams in after the rest and draws its own chart, unless the sync is still reading reports.
    ready: "[data-testid='service-page'] [data-testid='test-count-trend'] svg, [data-testid='service-page'] [data-testid='service-tests-catching-up']",
  },
  {
    name: "pipeline",
    path: async (page) => {
      await page.goto("/");
      const link = page.getByTestId("pipeline-details-server");
      await expect(link).toBeVisible({ timeout: 90_000 });
      return (await link.getAttribute("href")) ?? "/";
    },
    ready: "[data-testid='security-panel']",
  },
  { name: "flaky", path: at("/flaky"), ready: "[data-testid='flaky-table'], [data-testid='flaky-table-empty']" },
  { name: "alerts", path: at("/alerts"), ready: "[data-testid='firing-count']" },
  {
    name: "red pipeline's failed tests",
    path: async (page) => `/pipelines/${await pipelineWithFailedTests(page)}`,
    ready: "[data-testid='failed-tests']",
  },
  { name: "tests", path: at("/tests?view=all"), ready: "[data-testid='tests-table']" },
  {
    name: "test",
    path: async (page) => {
      await page.goto("/tests?view=all");
      const link = page.getByTestId("tests-table").locator("a[href^='/tests/']").first();
      await expect(link).toBeVisible({ timeout: 90_000 });
      return (await link.getAttribute("href")) ?? "/tests";
    },
    ready: "[data-testid='test-page']",
  },
  { name: "security", path: at("/security"), ready: "[data-testid='finding-row']" },
  { name: "deployments", path: at("/deployments"), ready: "[data-testid='image-tag']" },
  { name: "sign-in", path: at("/signin"), ready: "[data-testid='signin-page']" },
];

async function open(page: Page, screen: Screen) {
  await page.goto(await screen.path(page));
  await expect(page.locator(screen.ready).first()).toBeVisible({ timeout: 90_000 });
  // Times and cut texts settle once the browser has taken over.
  await page.waitForFunction(() => document.readyState === "complete");
  await page.waitForTimeout(500);
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>;
}

async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated, not added as a <script>: the pages' CSP admits only their own scripts.
  await page.evaluate(AXE);
  const result = await page.evaluate(
    () => (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] }),
  );
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${(n.failureSummary ?? v.help).split("\n").slice(0, 2).join(" ")}`));
}

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test.describe("every page, every screen", () => {
  // The first page may wait for the first backfill, and axe reads every element twice.
  test.describe.configure({ timeout: 180_000 });
  for (const screen of SCREENS) {
    test(`${screen.name}: no serious or critical accessibility violations, light and dark`, async ({ page }) => {
      await open(page, screen);
      const light = await background(page);
      expect(await seriousViolations(page), "light colour scheme").toEqual([]);

      // The scheme applies live, as when the system setting changes.
      await page.emulateMedia({ colorScheme: "dark" });
      await page.waitForTimeout(300);
      // The dark scheme is really on, not the light page checked twice.
      expect(await background(page)).not.toBe(light);
      expect(await seriousViolations(page), "dark colour scheme").toEqual([]);
    });

    test(`${screen.name}: no horizontal overflow at ${WIDTHS.join(", ")} px`, async ({ page }) => {
      await page.setViewportSize({ width: WIDTHS[0]!, height: 844 });
      await open(page, screen);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(200);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        expect(scrollWidth, `document width at ${width} px`).toBeLessThanOrEqual(innerWidth);
      }
    });
  }
});

test.describe("keyboard", () => {
  test("the flaky jobs table sorts from the keyboard and says so with aria-sort", async ({ page }) => {
    await page.goto("/flaky");
    await expect(page.getByTestId("flaky-table")).toBeVisible({ timeout: 90_000 });
    const header = page.getByTestId("flaky-table").getByRole("columnheader", { name: /Service/ });
    await expect(header).toHaveAttribute("aria-sort", "none");
    await page.getByTestId("sort-flaky-service").focus();
    await page.keyboard.press("Enter");
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    await page.keyboard.press("Space");
    await expect(header).toHaveAttribute("aria-sort", "descending");
  });

  test("the findings table sorts from the keyboard, and the focused control shows a ring", async ({ page }) => {
    await page.goto("/security");
    await expect(page.getByTestId("finding-row").first()).toBeVisible({ timeout: 90_000 });
    const sort = page.getByTestId("sort-age");
    await expect(sort).toHaveJSProperty("tagName", "BUTTON");
    await sort.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/sort=age&dir=desc/);
    await expect(page.getByTestId("findings-table").getByRole("columnheader", { name: /Age/ })).toHaveAttribute("aria-sort", "descending");

    // Tab from the top of the page reaches a link with a visible outline.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? getComputedStyle(el).outlineStyle : "none";
    });
    expect(outline).not.toBe("none");
  });
});
