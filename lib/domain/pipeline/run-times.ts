import { isoOrNull } from "@/lib/domain/time";

/** The times GitLab gives pipelines and jobs alike, as the database stores them. */
export interface RunTimeColumns {
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  duration: number | null;
  queuedDuration: number | null;
}

/** Those times as the pages' JSON carries them. */
export interface RunTimes {
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationSeconds: number | null;
  queuedDurationSeconds: number | null;
}

/** A pipeline's or job's times for a page: ISO timestamps, and durations named for their unit. */
export function runTimes(row: RunTimeColumns): RunTimes {
  return {
    createdAt: row.createdAt.toISOString(),
    startedAt: isoOrNull(row.startedAt),
    finishedAt: isoOrNull(row.finishedAt),
    durationSeconds: row.duration,
    queuedDurationSeconds: row.queuedDuration,
  };
}
