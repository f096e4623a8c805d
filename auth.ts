import NextAuth from "next-auth";
import { authJsConfig } from "@/lib/auth/authjs";
import { authSettings } from "@/lib/auth/settings";

/* The Auth.js instance, configured from the sign-in settings on first use (see lib/auth/settings.ts). */
export const { handlers, auth, signIn, signOut } = NextAuth(() => authJsConfig(authSettings()));
