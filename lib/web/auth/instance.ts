import NextAuth from "next-auth";
import { authJsConfig } from "./authjs";
import { authSettings } from "./settings";

/* The Auth.js instance, configured from the sign-in settings on first use (see lib/web/auth/settings.ts). */
export const { handlers, auth, signIn, signOut } = NextAuth(() => authJsConfig(authSettings()));
