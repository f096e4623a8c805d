import pino from "pino";

/*
 * One structured logger. Secrets never reach it: tokens are not passed to log calls,
 * and the redact list below is a second line of defence for objects that carry them.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: undefined,
  redact: {
    paths: ["token", "*.token", "headers.private-token", "*.headers.private-token", "headers.authorization", "*.headers.authorization", "gitlabToken", "*.gitlabToken"],
    censor: "[redacted]",
  },
});

export type Logger = pino.Logger;
