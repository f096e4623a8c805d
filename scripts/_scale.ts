import pino from "pino";
import { cwiqServiceNames } from "@/lib/domain/cwiq";
import { createSyncLoop } from "@/lib/ingest/loop";
import { getOverview } from "@/lib/pages/overview/query";
import { createDb } from "@/lib/platform/db/client";
import { benchDatabase } from "../bench/environment";
import { startSimulatorProcess } from "../bench/simulator-process";
import { percentile, timeRuns } from "../bench/stats";

async function main() {
  const database = await benchDatabase();
  const db = createDb(database.url, { max: 10 });
  const sim = await startSimulatorProcess(["--seed", "2026", "--days", "30", "--per-project", "30", "--projects", "100", "--interval", "0", "--frozen", "--rate", "0"]);
  await sim.advance(24 * 3600);
  const clockNow = Date.now() + 24 * 3_600_000;
  const services = cwiqServiceNames(100).map((name) => ({ name, project: `cwiq/${name}` }));
  const loop = createSyncLoop({ db, databaseUrl: database.url, gitlab: { url: sim.url, token: sim.token }, services, pollIntervalSeconds: 30, backfillDays: 31, concurrency: 16, requestTimeoutMs: 30_000, logger: pino({ level: "silent" }), artifactBudget: 0, testReportBudget: 0, now: () => new Date(clockNow) });
  await loop.runCycle();
  await loop.stop();
  await sim.close();
  await db.$executeRawUnsafe("VACUUM ANALYZE");
  const serviceOrder = services.map((s) => s.name);
  const t = async (name: string, fn: () => Promise<unknown>) => {
    const times = await timeRuns(fn, 100);
    console.log(name, "p50", percentile(times, 50).toFixed(1), "p95", percentile(times, 95).toFixed(1));
  };
  for (let round = 0; round < 2; round++) {
    await t("overview", () => getOverview(db, { serviceOrder }));
    await t("overview refs=0", () => getOverview(db, { serviceOrder, otherRefsLimit: 0 }));
    await t("waiting count", () => db.$queryRawUnsafe(`SELECT count(*) FROM pipeline WHERE status = ANY(ARRAY['success','failed','canceled','skipped','manual']) AND (test_report_for IS DISTINCT FROM updated_at OR (test_report_error IS NOT NULL AND test_report_attempts < 3))`));
    await t("services", () => db.service.findMany({ select: { id: true, name: true, syncState: true } }));
  }
  const data = await getOverview(db, { serviceOrder });
  console.log("json bytes", JSON.stringify(data).length);
  await db.$disconnect();
  await database.close();
  process.exit(0);
}
void main();
