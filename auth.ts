import NextAuth from "next-auth";
import { authJsConfig } from "@/lib/auth/authjs";
import { loadConfig } from "@/lib/config";
import type { AuthConfig } from "@/lib/config/auth";

/*
 * The Auth.js instance and the sign-in settings. Both are read on first use, not at import:
 * `npm start` learns the demo simulator's address (the demo sign-in provider) only once it runs,
 * and passes it on through the environment before the first request.
 */
let cached: AuthConfig | undefined;

export function authSettings(): AuthConfig {
  cached ??= loadConfig().auth;
  return cached;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => authJsConfig(authSettings()));
