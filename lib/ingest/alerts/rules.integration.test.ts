import pino from "pino";
import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, type AlertRule } from "@/lib/domain/alerts";
import { evaluateAlerts, type AlertEngine } from "./evaluate";
import { addPipeline, addService, at, mainJobs, ruleEvents, testEngine, alertWorld } from "./testing";

/*
 * Each rule fires and clears on a hand-built history in a real PostgreSQL, through the same evaluation
 * the sync runs after every cycle: one firing and one clearing event each, one outbox row per event
 * for the one channel, nothing for history.
 */

const silent = pino({ level: "silent" });

const world = alertWorld();

const engine = (disabled: AlertRule[] = []): AlertEngine => testEngine(["server"], disabled);

const evaluate = (minutes: number, disabled?: AlertRule[]) => evaluateAlerts(world.db, engine(disabled), at(minutes), silent);
const events = (rule: AlertRule) => ruleEvents(world.db, rule);

describe("main pipeline failed", () => {
  it("fires on the first red main pipeline naming stage and job, stays quiet while red, clears on the next green one", async () => {
    await addPipeline(world.db, world.serverId, 1, at(10), "success", mainJobs());
    await evaluate(30);
    expect(await events("main_pipeline_failed")).toHaveLength(0);

    await addPipeline(world.db, world.serverId, 2, at(40), "failed", mainJobs("test"));
    await evaluate(60);
    await addPipeline(world.db, world.serverId, 3, at(70), "failed", mainJobs("test"));
    await evaluate(90);
    await evaluate(95);
    let list = await events("main_pipeline_failed");
    expect(list.map((e) => e.kind)).toEqual(["firing"]);
    expect(list[0]?.title).toContain("failed in test");
    expect(JSON.stringify(list[0]?.detail)).toContain('"value":"test"');
    expect(list[0]?.silentReason).toBeNull();
    expect(list[0]?.deliveries.map((d) => [d.channel, d.state])).toEqual([["webhook", "pending"]]);
    expect(list[0]?.alert.key).toBe("main_pipeline_failed:server:main");

    await addPipeline(world.db, world.serverId, 4, at(100), "success", mainJobs());
    await evaluate(120);
    await evaluate(125);
    list = await events("main_pipeline_failed");
    expect(list.map((e) => e.kind)).toEqual(["firing", "resolved"]);
    expect(list[1]?.eventAt.toISOString()).toBe(at(110).toISOString());
    expect(list[1]?.deliveries).toHaveLength(1);
    expect(list[1]?.alert.state).toBe("resolved");
  });

  it("records a failure from before the first backfill finished as history, sending neither it nor its clearing", async () => {
    await addPipeline(world.db, world.serverId, 5, at(-100), "failed", mainJobs("lint"));
    await evaluate(1);
    await addPipeline(world.db, world.serverId, 6, at(20), "success", mainJobs());
    await evaluate(40);
    const list = await events("main_pipeline_failed");
    expect(list.map((e) => [e.kind, e.silentReason])).toEqual([
      ["firing", "history"],
      ["resolved", "unsent_firing"],
    ]);
    expect(list.flatMap((e) => e.deliveries)).toHaveLength(0);
  });

  it("sends nothing for a service still in its first backfill, and nothing for a muted key", async () => {
    const uiId = await addService(world.db, "ui", null);
    await addPipeline(world.db, uiId, 7, at(10), "failed", mainJobs("lint"));
    await evaluateAlerts(world.db, { ...engine(), services: ["server", "ui"] }, at(30), silent);
    const list = await events("main_pipeline_failed");
    expect(list.map((e) => e.silentReason)).toEqual(["backfilling"]);

    await world.db.alert.updateMany({ data: { mutedUntil: at(24 * 60) } });
    await addPipeline(world.db, world.serverId, 8, at(40), "failed", mainJobs("lint"));
    await world.db.alert.create({
      data: { key: "main_pipeline_failed:server:main", rule: "main_pipeline_failed", service: "server", subject: "main", state: "resolved", title: "t", detail: {}, firstSeenAt: at(0), lastSeenAt: at(0), changedAt: at(0), mutedUntil: at(120) },
    });
    await evaluateAlerts(world.db, { ...engine(), services: ["server", "ui"] }, at(60), silent);
    const muted = (await events("main_pipeline_failed")).filter((e) => e.alert.key === "main_pipeline_failed:server:main");
    expect(muted.map((e) => [e.kind, e.silentReason, e.deliveries.length])).toEqual([["firing", "muted", 0]]);
  });
});

describe("dev unhealthy", () => {
  it.each(["deploy-dev", "migrate-dev", "verify-dev"])("fires when %s failed on dev and clears when dev is healthy again", async (job) => {
    await addPipeline(world.db, world.serverId, 11, at(10), "failed", mainJobs(job));
    await evaluate(30);
    let list = await events("dev_unhealthy");
    expect(list.map((e) => e.kind)).toEqual(["firing"]);
    expect(list[0]?.title).toBe(`server: ${job} failed on dev`);

    // Deployed again, verify-dev still running: not known yet, nothing changes.
    await addPipeline(world.db, world.serverId, 12, at(40), "running", mainJobs().map((j) => (j.name === "verify-dev" ? { ...j, status: "running" } : j)));
    await evaluate(55);
    expect((await events("dev_unhealthy")).map((e) => e.kind)).toEqual(["firing"]);

    await addPipeline(world.db, world.serverId, 13, at(60), "success", mainJobs());
    await evaluate(80);
    list = await events("dev_unhealthy");
    expect(list.map((e) => e.kind)).toEqual(["firing", "resolved"]);
    expect(list.every((e) => e.deliveries.length === 1)).toBe(true);
  });
});

describe("new critical or high finding on main", () => {
  async function mainScan(pipelineId: number, minutes: number, findings: Array<{ fp: string; severity: string }>) {
    await addPipeline(world.db, world.serverId, pipelineId, at(minutes), "success", [{ name: "trivy-image-scan", stage: "scan", status: "success" }]);
    const job = await world.db.job.findFirstOrThrow({ where: { pipelineId: BigInt(pipelineId) } });
    const prev = await world.db.scanReport.findFirst({ where: { serviceId: world.serverId }, orderBy: { id: "desc" } });
    const report = await world.db.scanReport.create({
      data: { jobId: job.id, pipelineId: BigInt(pipelineId), serviceId: world.serverId, pipelineCreatedAt: at(minutes), refKind: "MAIN", tool: "trivy-image", artifact: "trivy-image-results.json", status: "ok", previousReportId: prev?.id ?? null, comparedAt: at(minutes) },
    });
    for (const f of findings) {
      const finding = await world.db.finding.upsert({
        where: { serviceId_tool_fingerprint: { serviceId: world.serverId, tool: "trivy-image", fingerprint: f.fp } },
        create: {
          serviceId: world.serverId, tool: "trivy-image", fingerprint: f.fp, category: "vulnerability", ruleId: `CVE-${f.fp}`, severity: f.severity, title: `CVE-${f.fp} in openssl`,
          location: "openssl@3.0.1", links: [], firstSeenAt: at(minutes), lastSeenAt: at(minutes), firstPipelineId: BigInt(pipelineId), lastPipelineId: BigInt(pipelineId), lastJobId: job.id,
          open: true, dojoFindingUrl: `https://dojo.example/finding/${f.fp}`,
        },
        update: { lastSeenAt: at(minutes), open: true },
      });
      const wasThere = prev ? await world.db.findingOccurrence.count({ where: { reportId: prev.id, findingId: finding.id } }) : 0;
      await world.db.findingOccurrence.create({ data: { reportId: report.id, findingId: finding.id, isNew: prev !== null && wasThere === 0 } });
    }
    // What scan-compare does: open follows the latest main report.
    const present = findings.map((f) => f.fp);
    await world.db.finding.updateMany({ where: { serviceId: world.serverId, fingerprint: { notIn: present } }, data: { open: false, fixedAt: at(minutes), fixedPipelineId: BigInt(pipelineId) } });
  }

  it("fires for a critical new against the previous main run, with its links, and clears when a main run no longer has it", async () => {
    await mainScan(21, 10, [{ fp: "old", severity: "CRITICAL" }]);
    await evaluate(30);
    expect(await events("new_critical_finding")).toHaveLength(0);

    await mainScan(22, 40, [{ fp: "old", severity: "CRITICAL" }, { fp: "new1", severity: "HIGH" }, { fp: "low1", severity: "LOW" }]);
    await evaluate(60);
    await mainScan(23, 70, [{ fp: "old", severity: "CRITICAL" }, { fp: "new1", severity: "HIGH" }, { fp: "low1", severity: "LOW" }]);
    await evaluate(90);
    let list = await events("new_critical_finding");
    expect(list.map((e) => [e.kind, e.alert.key])).toEqual([["firing", "new_critical_finding:server:trivy-image:new1"]]);
    expect(JSON.stringify(list[0]?.detail)).toContain("https://dojo.example/finding/new1");

    await mainScan(24, 100, [{ fp: "old", severity: "CRITICAL" }]);
    await evaluate(120);
    list = await events("new_critical_finding");
    expect(list.map((e) => e.kind)).toEqual(["firing", "resolved"]);
    expect(list[1]?.eventAt.toISOString()).toBe(at(100).toISOString());
  });
});

describe("GitLab unreachable and token rejected", () => {
  it.each([
    ["gitlab_unreachable", "network"],
    ["gitlab_token_rejected", "auth"],
  ] as const)("%s fires after the problem lasted N minutes and clears (damped) after the next success", async (rule, kind) => {
    const limit = DEFAULT_THRESHOLDS.gitlabDownMinutes;
    await world.db.syncState.update({ where: { serviceId: world.serverId }, data: { failingSince: at(0), consecutiveErrors: 3, lastErrorKind: kind, lastError: "boom", lastErrorAt: at(1) } });
    await evaluate(limit - 1);
    expect(await events(rule)).toHaveLength(0);
    await evaluate(limit + 1);
    await evaluate(limit + 5);
    expect((await events(rule)).map((e) => e.kind)).toEqual(["firing"]);

    await world.db.syncState.update({ where: { serviceId: world.serverId }, data: { failingSince: null, consecutiveErrors: 0, lastErrorKind: null, lastError: null, lastSuccessAt: at(limit + 6) } });
    // Damped: gone for less than the clearing delay, still firing; then cleared once.
    const damped = { ...engine(), alerts: { disabled: new Set<AlertRule>(), thresholds: { ...DEFAULT_THRESHOLDS, clearAfterSeconds: 120 } } };
    await evaluateAlerts(world.db, damped, at(limit + 7), silent);
    expect((await events(rule)).map((e) => e.kind)).toEqual(["firing"]);
    await evaluateAlerts(world.db, damped, at(limit + 10), silent);
    await evaluateAlerts(world.db, damped, at(limit + 11), silent);
    const list = await events(rule);
    expect(list.map((e) => [e.kind, e.deliveries.length])).toEqual([["firing", 1], ["resolved", 1]]);
    expect(list[0]?.alert.key).toBe(`${rule}::gitlab`);
  });

  it("a problem that comes back while clearing is damped: no second firing", async () => {
    const damped = { ...engine(), alerts: { disabled: new Set<AlertRule>(), thresholds: { ...DEFAULT_THRESHOLDS, clearAfterSeconds: 300 } } };
    const failing = { failingSince: at(0), consecutiveErrors: 3, lastErrorKind: "timeout", lastError: "slow" };
    await world.db.syncState.update({ where: { serviceId: world.serverId }, data: failing });
    await evaluateAlerts(world.db, damped, at(20), silent);
    await world.db.syncState.update({ where: { serviceId: world.serverId }, data: { failingSince: null, consecutiveErrors: 0, lastErrorKind: null } });
    await evaluateAlerts(world.db, damped, at(21), silent);
    await world.db.syncState.update({ where: { serviceId: world.serverId }, data: failing });
    await evaluateAlerts(world.db, damped, at(22), silent);
    expect((await events("gitlab_unreachable")).map((e) => e.kind)).toEqual(["firing"]);
    expect((await world.db.alert.findFirstOrThrow({ where: { rule: "gitlab_unreachable" } })).clearingSince).toBeNull();
  });
});

describe("rules switched off", () => {
  it("a disabled rule fires nothing", async () => {
    await addPipeline(world.db, world.serverId, 31, at(10), "failed", mainJobs("lint"));
    await evaluate(30, ["main_pipeline_failed"]);
    await evaluate(35, ["main_pipeline_failed"]);
    expect(await events("main_pipeline_failed")).toHaveLength(0);
  });

  it("turning a rule off clears its firing alerts once, sent with the reason, and nothing fires for it afterwards", async () => {
    await addPipeline(world.db, world.serverId, 32, at(10), "failed", mainJobs("lint"));
    await addPipeline(world.db, world.serverId, 33, at(11), "failed", mainJobs("deploy-dev"));
    await evaluate(30);
    expect((await events("main_pipeline_failed")).map((e) => e.kind)).toEqual(["firing"]);
    expect((await events("dev_unhealthy")).map((e) => e.kind)).toEqual(["firing"]);

    // Switched off while main is still red: cleared now, through the outbox like any clearing.
    await evaluate(40, ["main_pipeline_failed"]);
    let list = await events("main_pipeline_failed");
    expect(list.map((e) => [e.kind, e.reason, e.silentReason, e.deliveries.map((d) => [d.channel, d.state])])).toEqual([
      ["firing", null, null, [["webhook", "pending"]]],
      ["resolved", "rule_off", null, [["webhook", "pending"]]],
    ]);
    expect(list[1]?.alert.state).toBe("resolved");
    expect(list[1]?.eventAt.toISOString()).toBe(at(40).toISOString());
    expect(JSON.stringify(list[1]?.detail)).toContain("Cleared because its rule was turned off");
    expect(JSON.stringify(list[1]?.detail)).toContain('{"name":"Cleared because","value":"rule turned off"}');
    // Another rule's firing is left alone.
    expect((await events("dev_unhealthy")).map((e) => e.kind)).toEqual(["firing"]);

    // Still off, still red, a new red pipeline: nothing more for the rule, no second clearing.
    await addPipeline(world.db, world.serverId, 34, at(50), "failed", mainJobs("test"));
    await evaluate(70, ["main_pipeline_failed"]);
    await evaluate(75, ["main_pipeline_failed"]);
    list = await events("main_pipeline_failed");
    expect(list.map((e) => e.kind)).toEqual(["firing", "resolved"]);
    expect(list.flatMap((e) => e.deliveries)).toHaveLength(2);

    // Switched back on while red: it fires again, as news.
    await evaluate(80);
    expect((await events("main_pipeline_failed")).map((e) => [e.kind, e.silentReason])).toEqual([
      ["firing", null],
      ["resolved", null],
      ["firing", null],
    ]);
  });

  it("a firing never sent clears silently when its rule is turned off", async () => {
    await addPipeline(world.db, world.serverId, 35, at(-100), "failed", mainJobs("lint"));
    await evaluate(1);
    await evaluate(20, ["main_pipeline_failed"]);
    const list = await events("main_pipeline_failed");
    expect(list.map((e) => [e.kind, e.silentReason, e.reason, e.deliveries.length])).toEqual([
      ["firing", "history", null, 0],
      ["resolved", "unsent_firing", "rule_off", 0],
    ]);
  });
});

describe("the other rules", () => {
  it("stage_failing_streak fires when a stage failed the last N main pipelines and clears on a run without it", async () => {
    const n = DEFAULT_THRESHOLDS.stageFailingRuns;
    for (let i = 0; i < n; i += 1) await addPipeline(world.db, world.serverId, 40 + i, at(10 + 20 * i), "failed", mainJobs("test"));
    await evaluate(100);
    expect((await events("stage_failing_streak")).map((e) => [e.kind, e.alert.key])).toEqual([["firing", "stage_failing_streak:server:test"]]);
    await addPipeline(world.db, world.serverId, 50, at(110), "success", mainJobs());
    await evaluate(130);
    expect((await events("stage_failing_streak")).map((e) => e.kind)).toEqual(["firing", "resolved"]);
  });

  it("quality_gate_failed fires on a failed gate of the latest main analysis and clears when the next passes", async () => {
    const analysis = async (id: number, minutes: number, gate: string) => {
      await addPipeline(world.db, world.serverId, id, at(minutes), "success", mainJobs());
      await world.db.sonarAnalysis.create({
        data: { pipelineId: BigInt(id), serviceId: world.serverId, status: "found", projectKey: "cwiq_server", branch: "main", qualityGate: gate, failedConditions: gate === "ERROR" ? ["new_coverage 61.2 < 80"] : [], dashboardUrl: "https://sonar.example/dashboard?id=cwiq_server", analysedAt: at(minutes + 12), checkedAt: at(minutes + 13) },
      });
    };
    await analysis(60, 10, "ERROR");
    await evaluate(30);
    const fired = await events("quality_gate_failed");
    expect(fired.map((e) => e.kind)).toEqual(["firing"]);
    expect(JSON.stringify(fired[0]?.detail)).toContain("new_coverage 61.2 < 80");
    expect(JSON.stringify(fired[0]?.detail)).toContain("https://sonar.example/dashboard");
    await analysis(61, 40, "OK");
    await evaluate(60);
    expect((await events("quality_gate_failed")).map((e) => e.kind)).toEqual(["firing", "resolved"]);
  });

  it("image_tag_integrity fires when the latest main pipeline breaks it and clears on the next that keeps it", async () => {
    await addPipeline(world.db, world.serverId, 70, at(10), "success", mainJobs());
    await world.db.pipelineFinding.createMany({
      data: [
        { pipelineId: 70n, rule: "tag-mismatch", serviceId: world.serverId, message: "Image integrity: build.env says IMAGE_TAG=main-x, expected main-y", createdAt: at(10) },
        {
          pipelineId: 70n, rule: "earlier-build", serviceId: world.serverId, createdAt: at(10),
          // As the sync stores it: one sentence per job that used the earlier build.
          message: "Image integrity: push-latest ran with an earlier build-push; build-push was retried afterwards; deploy-dev ran with an earlier build-push; build-push was retried afterwards",
        },
      ],
    });
    await evaluate(30);
    const fired = await events("image_tag_integrity");
    expect(fired.map((e) => e.kind)).toEqual(["firing"]);
    // Each broken rule said once, in the deployments page's words.
    expect(fired[0]?.detail).toMatchObject({
      message: "push-latest and deploy-dev started before the retried build-push finished, so they used an earlier image. build.env says IMAGE_TAG=main-x, expected main-y.",
    });
    await addPipeline(world.db, world.serverId, 71, at(40), "success", mainJobs());
    await evaluate(60);
    expect((await events("image_tag_integrity")).map((e) => e.kind)).toEqual(["firing", "resolved"]);
  });

  it("sync_behind fires for a service not synced for N minutes and clears (damped) after a success", async () => {
    const limit = DEFAULT_THRESHOLDS.syncBehindMinutes;
    await evaluate(limit - 1);
    expect(await events("sync_behind")).toHaveLength(0);
    await evaluate(limit + 1);
    expect((await events("sync_behind")).map((e) => [e.kind, e.alert.key])).toEqual([["firing", "sync_behind::server"]]);
    await world.db.syncState.update({ where: { serviceId: world.serverId }, data: { lastSuccessAt: at(limit + 2) } });
    await evaluate(limit + 3);
    expect((await events("sync_behind")).map((e) => e.kind)).toEqual(["firing", "resolved"]);
  });

  it("dev_image_behind fires when dev runs an image more than N main pipelines old and clears on a newer deploy", async () => {
    const n = DEFAULT_THRESHOLDS.devImageBehindPipelines;
    await addPipeline(world.db, world.serverId, 80, at(10), "success", mainJobs());
    const noDeploy = mainJobs().filter((j) => !["deploy-dev", "migrate-dev", "verify-dev"].includes(j.name));
    // Exactly N behind: not yet.
    for (let i = 0; i < n; i += 1) await addPipeline(world.db, world.serverId, 81 + i, at(20 + i), "success", noDeploy);
    await evaluate(50);
    expect(await events("dev_image_behind")).toHaveLength(0);
    await addPipeline(world.db, world.serverId, 81 + n, at(20 + n), "success", noDeploy);
    await evaluate(60);
    await evaluate(65);
    let list = await events("dev_image_behind");
    expect(list.map((e) => [e.kind, e.alert.key, e.deliveries.length])).toEqual([["firing", "dev_image_behind:server:dev", 1]]);
    expect(list[0]?.title).toContain(`${n + 1} main pipelines old`);

    // A newer main pipeline deploys to dev: dev runs the newest image again.
    await addPipeline(world.db, world.serverId, 90, at(70), "success", mainJobs());
    await evaluate(90);
    await evaluate(95);
    list = await events("dev_image_behind");
    expect(list.map((e) => [e.kind, e.silentReason, e.deliveries.length])).toEqual([
      ["firing", null, 1],
      ["resolved", null, 1],
    ]);
    expect(list[1]?.alert.state).toBe("resolved");
  });
});
