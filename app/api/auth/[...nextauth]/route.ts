import type { NextRequest } from "next/server";
import { authSettings, handlers } from "@/auth";
import { asAddressed } from "@/lib/auth/addressed-request";

export const dynamic = "force-dynamic";

const off = () => Response.json({ error: "Sign-in is off: no identity provider is configured." }, { status: 404, headers: { "Cache-Control": "no-store" } });

/** Auth.js's endpoints (sign-in, callback, session, sign-out), when an identity provider is configured. */
export function GET(request: NextRequest) {
  return authSettings().mode === "off" ? off() : handlers.GET(asAddressed(request));
}

export function POST(request: NextRequest) {
  return authSettings().mode === "off" ? off() : handlers.POST(asAddressed(request));
}
