import { expect, test, type Page } from "@playwright/test";

/*
 * The trend charts in both colour schemes: every series (lines, stacked areas, legend keys) keeps 3:1
 * against the chart's background (WCAG 1.4.11, graphical objects) and the axis text 4.5:1, so the
 * charts read as well in dark mode as the rest of the page. Colours are taken as the browser paints
 * them (a colour role resolved through app/globals.css), converted to sRGB on a canvas.
 */

interface Painted {
  what: string;
  colour: string;
  background: string;
}

/** What each chart paints: series strokes, legend keys, axis text; each with its figure's background. */
function paintedColours(page: Page, selector: string): Promise<Painted[]> {
  return page.locator(selector).evaluateAll((figures) =>
    figures.flatMap((figure) => {
      const background = getComputedStyle(figure).backgroundColor;
      const of = (what: string, els: Element[], prop: "stroke" | "fill") =>
        els.map((el) => {
          const style = getComputedStyle(el);
          // A line's legend key is a stroke with no fill.
          const colour = prop === "fill" && style.fill === "none" ? style.stroke : style[prop];
          return { what: `${figure.getAttribute("data-testid")} ${what}`, colour, background };
        });
      return [
        ...of("line", [...figure.querySelectorAll(".recharts-line-curve")], "stroke"),
        ...of("area", [...figure.querySelectorAll(".recharts-area-curve")], "stroke"),
        ...of("legend key", [...figure.querySelectorAll(".recharts-legend-icon")], "fill"),
        ...of("axis text", [...figure.querySelectorAll(".recharts-cartesian-axis-tick-value")], "fill"),
        ...of("axis label", [...figure.querySelectorAll(".recharts-label")], "fill"),
      ];
    }),
  );
}

/** WCAG contrast of each painted colour against its background, computed in the page (canvas → sRGB). */
function contrasts(page: Page, painted: Painted[]): Promise<Array<Painted & { ratio: number }>> {
  return page.evaluate((items) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    const rgb = (colour: string) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = "#000";
      context.fillStyle = colour;
      context.fillRect(0, 0, 1, 1);
      return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    };
    const luminance = (colour: string) => {
      const [r, g, b] = rgb(colour).map((v) => {
        const c = v / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    return items.map((item) => {
      const [a, b] = [luminance(item.colour), luminance(item.background)].sort((x, y) => y - x);
      return { ...item, ratio: Math.round(((a! + 0.05) / (b! + 0.05)) * 100) / 100 };
    });
  }, painted);
}

const PAGES = [
  { path: "/services/server?period=30", charts: "[data-testid^='chart-']", ready: "[data-testid='chart-success-rate'] .recharts-line-curve" },
  { path: "/security", charts: "[data-testid^='chart-']", ready: "[data-testid='chart-total'] .recharts-area-curve" },
];

for (const scheme of ["light", "dark"] as const) {
  test.describe(`trend charts, ${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });
    for (const { path, charts, ready } of PAGES) {
      test(`${path}: series keep 3:1 and axis text 4.5:1 against the chart`, async ({ page }) => {
        await expect(async () => {
          await page.goto(path);
          await expect(page.locator(ready).first()).toBeVisible({ timeout: 5_000 });
        }).toPass({ timeout: 150_000 });
        const measured = await contrasts(page, await paintedColours(page, charts));
        expect(measured.filter((m) => m.what.endsWith("line") || m.what.endsWith("area")).length).toBeGreaterThan(0);
        expect(measured.filter((m) => m.what.includes("axis")).length).toBeGreaterThan(0);
        const tooLow = measured.filter((m) => m.ratio < (m.what.includes("axis") ? 4.5 : 3));
        expect(tooLow).toEqual([]);
      });
    }
  });
}
