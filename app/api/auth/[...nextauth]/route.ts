import type { NextRequest } from "next/server";
import { handlers } from "@/lib/web/auth/instance";
import { authSettings } from "@/lib/web/auth/settings";
import { errorResponse } from "@/lib/web/api/responses";
import { asAddressed } from "@/lib/web/auth/addressed-request";

export const dynamic = "force-dynamic";

const off = () => errorResponse(404, "Sign-in is off: no identity provider is configured.");

/** Auth.js's endpoints (sign-in, callback, session, sign-out), when an identity provider is configured. */
export function GET(request: NextRequest) {
  return authSettings().mode === "off" ? off() : handlers.GET(asAddressed(request));
}

export function POST(request: NextRequest) {
  return authSettings().mode === "off" ? off() : handlers.POST(asAddressed(request));
}
