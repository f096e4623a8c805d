import { createDb } from "@/lib/platform/db/client";
import { startSimulator } from "@/simulator";
import { startRestartablePostgres } from "../test/proof/restartable-postgres";
import {
  gitlabFaultScenario,
  idleCycleRequests,
  postgresRestartScenario,
  rejectedTokenScenario,
  twoProcessesScenario,
} from "../test/proof/scenarios";
import { report } from "./stats";

const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
/** Days of simulated history (at most 30: the proof loops backfill 31). */
const DAYS = Math.min(30, Number(process.env.BENCH_FAULT_DAYS ?? 5));

/**
 * The fault suite, long form (test/proof/faults.test.ts is the short one): a bigger simulated history,
 * more faults, a longer PostgreSQL outage; on a PostgreSQL of its own, since it is restarted.
 */
export async function benchFaults() {
  let uncaught = 0;
  const count = () => {
    uncaught += 1;
  };
  // The process must survive everything below; count what would have taken it down.
  process.on("uncaughtException", count);
  process.on("unhandledRejection", count);
  const server = await startRestartablePostgres();
  const sim = await startSimulator({ seed: 2027, now: ANCHOR, historyDays: DAYS, pipelinesPerDay: 20, liveIntervalSeconds: 600, frozen: true, rateLimitPerMinute: 0 });
  const opened = [];
  try {
    const db = createDb(server.url);
    opened.push(db);
    const target = { db, databaseUrl: server.url, sim };

    const faults = await gitlabFaultScenario(target, { scale: 3, liveMinutes: 120 });
    report("faults.injected", faults.injected, "requests");
    report("faults.pipelines_expected", faults.pipelinesExpected, "pipelines");
    report("faults.pipelines_missing", faults.pipelinesMissing, "pipelines");
    report("faults.differences", faults.differences.length, "rows");
    report("faults.duplicate_rows", faults.duplicateRows, "rows");
    report("faults.truncated_artifacts_seen", faults.truncatedArtifactsSeen, "artifacts");
    report("faults.artifact_errors_left", faults.artifactErrors, "artifacts");
    report("faults.cycles_to_converge", faults.cycles, "cycles");

    const token = await rejectedTokenScenario(target);
    report("faults.rejected_token_services_shown", token.rejectedShown, "services");
    report("faults.rejected_token_pipelines_lost", token.pipelinesBefore - token.pipelinesAfter, "pipelines");

    // Two `npm run sync` processes on one database.
    const twoProcesses = await twoProcessesScenario(target, { runMs: 5_000 });
    report("faults.two_processes_leaders", twoProcesses.leadersDuringRun, "processes");
    report("faults.two_processes_max_lock_holders", twoProcesses.maxLockHolders, "sessions");
    report("faults.two_processes_takeover", twoProcesses.takeover ? 1 : 0, "");
    report("faults.two_processes_duplicate_rows", twoProcesses.duplicateRows, "rows");
    report("faults.two_processes_differences", twoProcesses.differences.length, "rows");

    const quietUrl = await server.createDatabase("proof_idle");
    const quietDb = createDb(quietUrl);
    opened.push(quietDb);
    const quiet = await startSimulator({ seed: 2028, now: ANCHOR, historyDays: 2, pipelinesPerDay: 20, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
    try {
      quiet.clock.advance(24 * 3_600_000);
      report("faults.idle_requests_per_cycle", await idleCycleRequests({ db: quietDb, databaseUrl: quietUrl, sim: quiet }), "requests");
    } finally {
      await quiet.close();
    }

    const restartUrl = await server.createDatabase("proof_restart");
    const restartDb = createDb(restartUrl);
    opened.push(restartDb);
    const restart = await postgresRestartScenario({ db: restartDb, databaseUrl: restartUrl, sim }, server, {
      downMs: 3_000,
      convergeMs: 120_000,
      loop: { artifactBudget: 0 },
    });
    report("faults.pg_restart_pipelines_at_restart", restart.storedAtRestart, "pipelines");
    report("faults.pg_restart_converged", restart.converged ? 1 : 0, "");
    report("faults.pg_restart_pipelines_missing", restart.pipelinesMissing, "pipelines");
    report("faults.pg_restart_duplicate_rows", restart.duplicateRows, "rows");
    report("faults.uncaught_errors", uncaught, "errors");
  } finally {
    for (const db of opened) await db.$disconnect().catch(() => {});
    await sim.close();
    await server.destroy();
    process.off("uncaughtException", count);
    process.off("unhandledRejection", count);
  }
}
