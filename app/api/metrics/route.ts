import { serverConfig } from "@/lib/platform/config/server";
import { authSettings } from "@/lib/web/auth/settings";
import { handleMetrics } from "@/lib/web/metrics/handler";

export const dynamic = "force-dynamic";

/** Prometheus's scrape target, also served as `/metrics` (see next.config.ts). */
export function GET(request: Request) {
  return handleMetrics(request, {
    token: serverConfig().metricsToken,
    signInOn: authSettings().mode !== "off",
    signedIn: async () => {
      const { auth } = await import("@/lib/web/auth/instance");
      return (await auth()) !== null;
    },
  });
}
