export * from "./rules";
export * from "./types";
export * from "./reconcile";
export * from "./backoff";
