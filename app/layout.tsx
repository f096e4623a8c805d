import type { Metadata } from "next";
import type { ReactNode } from "react";
import { publicConfig } from "@/lib/platform/config";
import { serverConfig } from "@/lib/platform/config/server";
import { Providers } from "@/components/Providers";
import { SiteHeader } from "@/components/layout/SiteHeader";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Stageboard", template: "%s · Stageboard" },
  description: "Pipeline and security-scan visibility for the CWIQ platform",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const config = publicConfig(serverConfig());
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>
          <SiteHeader services={config.services} demoMode={config.demoMode} refreshIntervalMs={config.refreshIntervalMs} />
          <main className="mx-auto max-w-screen-2xl px-3 py-4 sm:px-6 sm:py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
