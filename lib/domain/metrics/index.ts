export { percentile } from "./percentile";
export { successRate, successRatio } from "./success-rate";
export { detectFlakes, flakedInPipeline, ranInPipeline, type FlakeStat, type JobAttempt } from "./flakes";
export { bucketByDay, dayKey, dayRange, fillDays, periodStart } from "./days";
export { flipRate, testFlakedOnCommit, testFlakeStats, TEST_FLAKE_RULE, type TestFlakeStat, type TestRun } from "./test-flakes";
