import { describe, expect, it } from "vitest";
import { changeFailureBand, frequencyBand, leadTimeBand, restoreBand } from "./bands";
import { doraFigures, isFixTitle } from "./dora";
import type { DeployAttempt } from "./deploy-attempt";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-01T00:00:00.000Z");
const week = { from: T0, to: T0 + 7 * 24 * HOUR };
let nextPipeline = 1;

/** A deploy-dev attempt finishing `h` hours after T0, its commit `leadH` hours before that. */
function deploy(h: number, over: Partial<DeployAttempt> = {}, leadH = 0.5): DeployAttempt {
  const finishedAt = T0 + h * HOUR;
  const pipelineId = over.pipelineId ?? nextPipeline++;
  return {
    service: "server",
    pipelineId,
    status: "success",
    allowFailure: false,
    finishedAt,
    commitCreatedAt: finishedAt - leadH * HOUR,
    commitTitle: "Add audit log export",
    verify: { status: "success", finishedAt: finishedAt + 120_000 },
    ...over,
  };
}

describe("DORA figures", () => {
  it("has nothing to say without deployments", () => {
    const f = doraFigures([], week);
    expect(f.deployments).toBe(0);
    expect(f.perDay).toBe(0);
    expect(f.frequencyBand).toBe("low");
    expect(f.leadTime).toEqual({ median: null, p90: null, band: null });
    expect(f.changeFailure).toEqual({ failed: 0, total: 0, rate: null, band: null });
    expect(f.timeToRestore).toEqual({ median: null, incidents: 0, band: null });
  });

  it("counts a single deployment", () => {
    const f = doraFigures([deploy(10, {}, 0.5)], week);
    expect(f.deployments).toBe(1);
    expect(f.perDay).toBeCloseTo(1 / 7, 10);
    expect(f.deploymentDaysPerWeek).toBe(1);
    expect(f.frequencyBand).toBe("high");
    expect(f.leadTime.median).toBe(1800);
    expect(f.leadTime.p90).toBe(1800);
    expect(f.leadTime.band).toBe("elite");
    expect(f.changeFailure).toMatchObject({ failed: 0, total: 1, rate: 0, band: "elite" });
  });

  it("counts several deployments of one pipeline once, from the first success", () => {
    const first = deploy(5, { pipelineId: 900 }, 2);
    const again = deploy(30, { pipelineId: 900, commitCreatedAt: first.commitCreatedAt });
    const f = doraFigures([again, first], week);
    expect(f.deployments).toBe(1);
    expect(f.leadTime.median).toBe(7200);
  });

  it("never counts skipped, canceled, failed or allow_failure deploy jobs", () => {
    const f = doraFigures(
      [
        deploy(1, { status: "skipped", finishedAt: null }),
        deploy(2, { status: "canceled" }),
        deploy(3, { status: "failed" }),
        deploy(4, { allowFailure: true }),
        deploy(50),
      ],
      week,
    );
    expect(f.deployments).toBe(1);
    expect(f.changeFailure.total).toBe(1);
  });

  it("takes the median and p90 of lead times (linear interpolation)", () => {
    const attempts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((leadH, i) => deploy(10 + i * 12, {}, leadH));
    const f = doraFigures(attempts, week);
    expect(f.leadTime.median).toBe(5.5 * 3600);
    expect(f.leadTime.p90).toBeCloseTo(9.1 * 3600, 6);
    expect(f.leadTime.band).toBe("high");
    // Every 12 hours from 10:00: two deployments on each of five UTC days.
    expect(f.deployments).toBe(10);
    expect(f.deploymentDays).toBe(5);
  });

  it("measures a failing streak from its first failed verify to the next pass", () => {
    const attempts = [
      deploy(10),
      deploy(20, { verify: { status: "failed", finishedAt: T0 + 20 * HOUR } }),
      deploy(22, { verify: { status: "failed", finishedAt: T0 + 22 * HOUR } }),
      deploy(23, { verify: { status: "failed", finishedAt: T0 + 23 * HOUR } }),
      deploy(26, { verify: { status: "success", finishedAt: T0 + 26 * HOUR } }),
      deploy(40, { verify: { status: "failed", finishedAt: T0 + 40 * HOUR } }),
      deploy(40.5, { verify: { status: "success", finishedAt: T0 + 40.5 * HOUR } }),
    ];
    const f = doraFigures(attempts, week);
    expect(f.timeToRestore.incidents).toBe(2);
    // 6 h and 30 min: the median of two is their mean.
    expect(f.timeToRestore.median).toBe((6 * 3600 + 1800) / 2);
    expect(f.timeToRestore.band).toBe("high");
    expect(f.changeFailure).toMatchObject({ failed: 4, total: 7 });
    expect(f.changeFailure.rate).toBeCloseTo(4 / 7, 10);
    expect(f.changeFailure.band).toBe("low");
  });

  it("leaves an unrestored failure out of time to restore", () => {
    const f = doraFigures([deploy(10, { verify: { status: "failed", finishedAt: T0 + 10 * HOUR } })], week);
    expect(f.timeToRestore).toEqual({ median: null, incidents: 0, band: null });
    expect(f.changeFailure.rate).toBe(1);
  });

  it("counts a deployment followed by a fix deploy or a rollback as failed", () => {
    const old = deploy(10, { pipelineId: 50 });
    const bad = deploy(20, { pipelineId: 60 });
    const rollback = deploy(21, { pipelineId: 50 });
    const fine = deploy(30, { pipelineId: 70 });
    const fixed = deploy(31, { pipelineId: 80, commitTitle: "Merge branch 'fix/token-refresh' into 'main'" });
    const f = doraFigures([old, bad, rollback, fine, fixed], week);
    // old, bad, fine, fixed are four deployments; bad was rolled back, fine was followed by a fix.
    expect(f.changeFailure).toMatchObject({ failed: 2, total: 4, rate: 0.5 });
  });

  it("counts only deployments inside the period, and a fix after it does not count", () => {
    const f = doraFigures([deploy(-5), deploy(100), deploy(7 * 24 + 1, { commitTitle: "fix: retry on 502" })], week);
    expect(f.deployments).toBe(1);
    expect(f.changeFailure).toMatchObject({ failed: 0, total: 1 });
  });

  it("keeps services apart for fixes and restores", () => {
    const f = doraFigures(
      [
        deploy(10, { service: "ui", verify: { status: "failed", finishedAt: T0 + 10 * HOUR } }),
        deploy(11, { service: "server", commitTitle: "Revert \"Add cache\"" }),
        deploy(12, { service: "ui", verify: { status: "success", finishedAt: T0 + 12 * HOUR } }),
      ],
      week,
    );
    expect(f.timeToRestore.median).toBe(2 * 3600);
    expect(f.changeFailure.failed).toBe(1); // ui's verify failure; the revert on server follows nothing of its own
  });
});

describe("fix deploys", () => {
  it("recognises fix merges, fix commits and reverts only", () => {
    expect(isFixTitle("Merge branch 'fix/login-loop' into 'main'")).toBe(true);
    expect(isFixTitle("hotfix: null token")).toBe(true);
    expect(isFixTitle('Revert "Add cache"')).toBe(true);
    expect(isFixTitle("Merge branch 'feature/fixtures' into 'main'")).toBe(false);
    expect(isFixTitle("Prefix cache keys")).toBe(false);
    expect(isFixTitle(null)).toBe(false);
  });
});

describe("DORA bands", () => {
  it("places figures at the published thresholds", () => {
    expect(frequencyBand(3)).toBe("elite");
    expect(frequencyBand(2.99)).toBe("high");
    expect(frequencyBand(1)).toBe("high");
    expect(frequencyBand(0.5)).toBe("medium");
    expect(frequencyBand(0)).toBe("low");
    expect(leadTimeBand(3599)).toBe("elite");
    expect(leadTimeBand(3600)).toBe("high");
    expect(leadTimeBand(7 * 86400)).toBe("medium");
    expect(changeFailureBand(0.05)).toBe("elite");
    expect(changeFailureBand(0.1)).toBe("high");
    expect(changeFailureBand(0.15)).toBe("medium");
    expect(changeFailureBand(0.151)).toBe("low");
    expect(restoreBand(3599)).toBe("elite");
    expect(restoreBand(86399)).toBe("high");
    expect(restoreBand(86400)).toBe("medium");
    expect(restoreBand(7 * 86400)).toBe("low");
  });
});
