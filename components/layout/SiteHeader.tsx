import Link from "next/link";
import { AlertIndicator } from "./AlertIndicator";
import { DemoBadge } from "./DemoBadge";
import { ServiceLinks } from "./ServiceLinks";
import { SignInStatus } from "./SignInStatus";

interface Props {
  services: string[];
  demoMode: boolean;
  refreshIntervalMs: number;
}

export function SiteHeader({ services, demoMode, refreshIntervalMs }: Props) {
  return (
    <header className="border-b border-line bg-surface">
      {/* One row from lg up; below it the navigation gets its own row (two on a phone), scrolling sideways if it must. */}
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-6 gap-y-1 px-3 py-2 sm:px-6 lg:h-14 lg:flex-nowrap lg:py-0">
        <Link href="/" className="text-lg font-semibold tracking-tight text-ink">
          Stageboard
        </Link>
        <nav aria-label="Main" className="relative order-last flex w-full min-w-0 flex-wrap items-center gap-x-6 gap-y-1 overflow-x-auto px-1 py-1.5 text-sm lg:order-none lg:w-auto lg:flex-1 lg:flex-nowrap">
          <ServiceLinks services={services} />
          <span aria-hidden className="hidden h-5 w-px bg-line sm:block" />
          <ul className="flex shrink-0 items-center gap-4">
            <li>
              <Link href="/flaky" className="whitespace-nowrap text-body hover:text-ink hover:underline">
                Flaky jobs
              </Link>
            </li>
            <li>
              <Link href="/tests" className="whitespace-nowrap text-body hover:text-ink hover:underline" data-testid="nav-tests">
                Tests
              </Link>
            </li>
            <li>
              <Link href="/security" className="whitespace-nowrap text-body hover:text-ink hover:underline">
                Security
              </Link>
            </li>
            <li>
              <Link href="/deployments" className="whitespace-nowrap text-body hover:text-ink hover:underline">
                Deployments
              </Link>
            </li>
          </ul>
        </nav>
        <div className="ml-auto flex flex-wrap items-center justify-end gap-x-3 gap-y-1 lg:ml-0 lg:flex-nowrap">
          <AlertIndicator refreshIntervalMs={refreshIntervalMs} />
          {demoMode && <DemoBadge />}
          <SignInStatus demoMode={demoMode} />
        </div>
      </div>
    </header>
  );
}
