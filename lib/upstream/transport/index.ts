/* The upstream transport: what GitLab's, SonarQube's and DefectDojo's clients build on. */
export { createTransport, type RateLimitState, type RetryInfo, type Transport, type TransportOptions, type TransportRequest } from "./transport";
export { UpstreamError, type UpstreamErrorKind } from "./errors";
export type { BytesAnswer, TooLargeAnswer } from "@/lib/platform/bounded-body";
export { readJson, type ReadJsonOptions } from "./body";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy";
export { sleep } from "./sleep";
export { RequestBudget } from "./request-budget";
