export { percentile } from "./percentile";
export { successRate, successRatio } from "./success-rate";
export { detectFlakes, flakedInPipeline, ranInPipeline, type FlakeStat, type JobAttempt } from "./flakes";
export { bucketByDay, dayKey, dayRange, fillDays } from "./days";
