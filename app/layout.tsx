import type { Metadata } from "next";
import type { ReactNode } from "react";
import { publicConfig } from "@/lib/platform/config";
import { serverConfig } from "@/lib/platform/config/server";
import { visible } from "@/lib/domain/access";
import { viewerScope } from "@/lib/web/auth/viewer";
import { Providers } from "@/components/Providers";
import { SiteHeader } from "@/components/layout/SiteHeader";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Stageboard", template: "%s · Stageboard" },
  description: "Pipeline and security-scan visibility for the CWIQ platform",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const config = publicConfig(serverConfig());
  // The header links only the services this viewer may see.
  const services = visible(await viewerScope(), config.services);
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>
          <SiteHeader services={services} demoMode={config.demoMode} refreshIntervalMs={config.refreshIntervalMs} />
          <main className="mx-auto max-w-screen-2xl px-3 py-4 sm:px-6 sm:py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
