import { describe, expect, it } from "vitest";
import { jobWaits } from "./waits";

const at = (seconds: number) => new Date(Date.parse("2026-11-20T10:00:00.000Z") + seconds * 1000);

describe("a job's waits", () => {
  it("count only GitLab's queued_duration as runner wait", () => {
    expect(jobWaits({ createdAt: at(0), startedAt: at(300), queuedDuration: 12.4, manual: false })).toEqual({ runnerSeconds: 12, manualSeconds: null, upstreamSeconds: 288 });
  });

  it("count a manual deploy-dev played a day later as manual wait, never as runner wait", () => {
    expect(jobWaits({ createdAt: at(0), startedAt: at(86_400 + 5), queuedDuration: 5, manual: true })).toEqual({ runnerSeconds: 5, manualSeconds: 86_400, upstreamSeconds: null });
  });

  it("leave the rest open while the job has not started", () => {
    expect(jobWaits({ createdAt: at(0), startedAt: null, queuedDuration: null, manual: true })).toEqual({ runnerSeconds: null, manualSeconds: null, upstreamSeconds: null });
  });
});
