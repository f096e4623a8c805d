import { loadConfig } from "@/lib/platform/config";
import type { AuthConfig } from "@/lib/platform/config/auth";

/*
 * The sign-in settings, read on first use, not at import: `npm start` learns the demo simulator's
 * address (the demo sign-in provider) only once it runs, and passes it on through the environment
 * before the first request. Apart from the Auth.js instance (lib/web/auth/instance.ts), so code that only asks
 * whether sign-in is on does not load Auth.js.
 */
let cached: AuthConfig | undefined;

export function authSettings(): AuthConfig {
  cached ??= loadConfig().auth;
  return cached;
}
