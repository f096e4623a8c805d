import { expect, test, type APIRequestContext } from "@playwright/test";
import { SIMULATOR_PORT } from "../playwright.config";

/*
 * A main pipeline broken in the simulated GitLab fires an alert: in the header, on /alerts, and at the
 * simulated platform's webhook receiver (signed); a green one then clears it, once.
 */

const SIM = `http://127.0.0.1:${SIMULATOR_PORT}/__sim`;
const KEY = "main_pipeline_failed:server:main";

interface Received {
  channel: string;
  state: string | null;
  title: string;
  signatureValid: boolean | null;
  body: { key?: string };
}

async function received(request: APIRequestContext): Promise<Received[]> {
  const answer = await request.get(`${SIM}/receiver`);
  expect(answer.ok()).toBe(true);
  return ((await answer.json()) as { received: Received[] }).received.filter((r) => r.channel === "webhook" && r.body.key === KEY);
}

/** Pushes to server's main (its other live pipelines paused, so this one is the newest) and lets it finish. */
async function push(request: APIRequestContext, fail: string | null): Promise<number> {
  const answer = await request.post(`${SIM}/scenario?project=cwiq/server&pause=1${fail ? `&fail=${fail}` : ""}`);
  expect(answer.ok()).toBe(true);
  const { id } = (await answer.json()) as { id: number };
  expect((await request.post(`${SIM}/settle?pipeline_id=${id}`)).ok()).toBe(true);
  return id;
}

test("a main pipeline failing in the simulator fires in the header, on /alerts and at the receiver, then clears", async ({ page, request }) => {
  test.setTimeout(300_000);
  await page.goto("/alerts");
  const indicator = page.getByTestId("alert-indicator");
  await expect(indicator).toHaveAttribute("data-firing", /^\d+$/);
  // The first backfill is history: wait for it, so what follows is news.
  await expect
    .poll(async () => ((await (await request.get("/api/overview")).json()) as { sync?: { backfill?: { done?: boolean } } }).sync?.backfill?.done, { timeout: 90_000 })
    .toBe(true);

  const failed = await push(request, "lint");
  const card = page.locator(`[data-testid='firing-alert'][data-key='${KEY}']`);
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card).toContainText(`main pipeline #${failed} failed in validate`);
  await expect(card).toContainText("webhook");
  expect(Number(await indicator.getAttribute("data-firing"))).toBeGreaterThan(0);
  await expect.poll(async () => (await received(request)).map((r) => r.state), { timeout: 30_000 }).toEqual(["firing"]);
  expect((await received(request))[0]?.signatureValid).toBe(true);

  await push(request, null);
  await expect(card).toHaveCount(0, { timeout: 60_000 });
  await expect.poll(async () => (await received(request)).map((r) => r.state), { timeout: 30_000 }).toEqual(["firing", "resolved"]);
  await expect(page.getByTestId("alert-history").locator("li[data-kind='resolved']").first()).toBeVisible();
});
