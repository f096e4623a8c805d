import { afterAll, beforeAll, beforeEach } from "vitest";
import { DEFAULT_THRESHOLDS, type AlertRule } from "@/lib/domain/alerts";
import type { Db } from "@/lib/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import type { AlertEngine } from "./evaluate";

/*
 * Hand-built histories for the alert tests: services, main pipelines with their jobs and stage
 * results, written as the sync writes them (the same tables), with no upstream.
 */

const MINUTE = 60_000;
let nextJobId = 1_000_000n;

/** Where every hand-built history starts. */
export const T0 = new Date("2026-06-01T00:00:00.000Z");
/** `minutes` after T0. */
export const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

export interface AlertWorld {
  readonly db: Db;
  readonly url: string;
  /** The one service each test starts with, "server", watched for alerts from T0. */
  readonly serverId: number;
}

/**
 * A real PostgreSQL for the calling test file, emptied before each test down to the one service:
 * call it at the top of the file (it registers the file's hooks).
 */
export function alertWorld(): AlertWorld {
  let tdb: TestDatabase | undefined;
  let serverId = 0;
  const opened = () => {
    if (!tdb) throw new Error("the alert world is used before its database exists");
    return tdb;
  };
  const database = () => opened().db;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb?.drop();
  });
  beforeEach(async () => {
    await database().alert.deleteMany();
    await database().service.deleteMany();
    serverId = await addService(database(), "server", T0);
  });
  return {
    get db() {
      return database();
    },
    get url() {
      return opened().url;
    },
    get serverId() {
      return serverId;
    },
  };
}

export async function addService(db: Db, name: string, alertsFrom: Date | null): Promise<number> {
  const service = await db.service.create({ data: { name, projectRef: `cwiq/${name}` } });
  await db.syncState.create({ data: { serviceId: service.id, backfillDone: alertsFrom !== null, alertsFrom, lastSuccessAt: alertsFrom } });
  return service.id;
}

export interface JobSpec {
  name: string;
  stage: string;
  status: string;
  retried?: boolean;
  allowFailure?: boolean;
}

/** A pipeline created at `at`, finished 10 minutes later with `status`, with its jobs and stage results. */
export async function addPipeline(
  db: Db,
  serviceId: number,
  id: number,
  at: Date,
  status: string,
  jobs: JobSpec[],
  ref = "main",
): Promise<void> {
  const finishedAt = new Date(at.getTime() + 10 * MINUTE);
  const refKind = ref === "main" ? "MAIN" : "BRANCH";
  await db.pipeline.create({
    data: {
      id: BigInt(id), iid: id, serviceId, ref, refKind, sha: `${id}`.padStart(40, "a"), source: "push", status,
      createdAt: at, updatedAt: finishedAt, startedAt: at, finishedAt: ["success", "failed", "canceled"].includes(status) ? finishedAt : null,
      duration: 600, webUrl: `https://gitlab.example/cwiq/p/-/pipelines/${id}`,
    },
  });
  for (const [i, job] of jobs.entries()) {
    nextJobId += 1n;
    const done = ["success", "failed"].includes(job.status);
    await db.job.create({
      data: {
        id: nextJobId, pipelineId: BigInt(id), serviceId, stage: job.stage, name: job.name, status: job.status,
        allowFailure: job.allowFailure ?? false, retried: job.retried ?? false, createdAt: new Date(at.getTime() + i),
        startedAt: at, finishedAt: done ? new Date(at.getTime() + (5 + i) * 1000) : null,
        webUrl: `https://gitlab.example/cwiq/p/-/jobs/${nextJobId}`, pipelineCreatedAt: at, refKind,
      },
    });
  }
  const stages = [...new Set(jobs.map((j) => j.stage))];
  await db.stageResult.createMany({
    data: stages.map((stage, position) => ({
      pipelineId: BigInt(id), stage, position,
      status: jobs.some((j) => j.stage === stage && j.status === "failed" && !j.retried && !j.allowFailure) ? "failed" : "success",
    })),
  });
}

/** CWIQ's main pipeline jobs, all green unless `fail` names one. */
export function mainJobs(fail?: string): JobSpec[] {
  const jobs: JobSpec[] = [
    { name: "lint", stage: "validate", status: "success" },
    { name: "test", stage: "test", status: "success" },
    { name: "build-push", stage: "build", status: "success" },
    { name: "deploy-dev", stage: "deploy-dev", status: "success" },
    { name: "migrate-dev", stage: "migrate", status: "success" },
    { name: "verify-dev", stage: "verify", status: "success" },
  ];
  const failed = jobs.findIndex((j) => j.name === fail);
  return jobs.map((j, i) => (failed < 0 || i < failed ? j : i === failed ? { ...j, status: "failed" } : { ...j, status: "skipped" }));
}

/** One channel ("webhook") taking everything, the CWIQ thresholds, and no damping: a clearing is sent when seen. */
export function testEngine(services: readonly string[], disabled: readonly AlertRule[] = []): AlertEngine {
  return {
    alerts: { disabled: new Set(disabled), thresholds: { ...DEFAULT_THRESHOLDS, clearAfterSeconds: 0 } },
    channels: [{ name: "webhook", route: { rules: null, services: null } }],
    findingMaxAgeDays: { CRITICAL: 7, HIGH: 30 },
    services,
  };
}

/** A rule's firings and clearings, oldest first, with their outbox rows and their alert's key and state. */
export function ruleEvents(db: Db, rule: AlertRule) {
  return db.alertEvent.findMany({
    where: { alert: { rule } },
    orderBy: { id: "asc" },
    include: { deliveries: true, alert: { select: { key: true, state: true } } },
  });
}
