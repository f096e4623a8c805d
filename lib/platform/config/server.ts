import "server-only";
import { loadConfig, type Config } from "./index";

let cached: Config | undefined;

/** The configuration as the web server sees it (validated once per process). */
export function serverConfig(): Config {
  cached ??= loadConfig();
  return cached;
}
