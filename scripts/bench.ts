/*
 * `npm run bench`: measured figures, one `name: value unit` per line. Loads a fresh
 * database (embedded, or on BENCH_DATABASE_URL's server) through the real sync.
 */
import { benchAlerts } from "../bench/alerts";
import { benchApi } from "../bench/api";
import { benchBadInput } from "../bench/badinput";
import { benchBundle } from "../bench/bundle";
import { benchDeployments } from "../bench/deployments";
import { benchDatabase } from "../bench/environment";
import { benchFaults } from "../bench/faults";
import { benchLoad } from "../bench/load";
import { benchParse } from "../bench/parse";
import { benchSecurity } from "../bench/security";
import { benchScale } from "../bench/scale";
import { benchRunningRefresh, benchSync } from "../bench/sync";
import { benchTests } from "../bench/tests";
import { createDb, type Db } from "@/lib/platform/db/client";

/**
 * BENCH_ONLY=tests: the sync's load, then the test-result figures only; BENCH_ONLY=scale: the 100
 * services only; BENCH_ONLY=alerts: the alerts end to end only (its own database and simulator);
 * BENCH_ONLY=load: the sync's load, then the web server under load (the app as last built).
 */
const ONLY = process.env.BENCH_ONLY;

async function main() {
  if (ONLY === "tests") return onlyAfterSync(benchTests);
  if (ONLY === "load") return onlyAfterSync((_db, url) => benchLoad(url));
  if (ONLY === "scale") return benchScale();
  if (ONLY === "alerts") return benchAlerts();
  // First: it builds the app that the load figures below are measured against.
  await benchBundle();
  await benchParse();
  const database = await benchDatabase();
  const db = createDb(database.url, { max: 10 });
  try {
    await benchSync(db, database.url);
    await benchApi(db);
    await benchSecurity(db);
    await benchDeployments(db);
    await benchBadInput(db, database.url);
    await benchLoad(database.url);
    // Last: it adds older pipelines and millions of test results to the database.
    await benchTests(db);
  } finally {
    await db.$disconnect();
    await database.close();
  }
  await benchRunningRefresh();
  await benchFaults();
  await benchAlerts();
  await benchScale();
}

async function onlyAfterSync(bench: (db: Db, databaseUrl: string) => Promise<void>) {
  const database = await benchDatabase();
  const db = createDb(database.url, { max: 10 });
  try {
    await benchSync(db, database.url);
    await bench(db, database.url);
  } finally {
    await db.$disconnect();
    await database.close();
  }
}

main().then(
  // Every figure is out and every server it started is stopped; a library's idle handle must not keep it waiting.
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
