import Link from "next/link";
import { DemoBadge } from "./DemoBadge";
import { SignInStatus } from "./SignInStatus";

interface Props {
  services: string[];
  demoMode: boolean;
}

export function SiteHeader({ services, demoMode }: Props) {
  return (
    <header className="border-b border-line bg-surface">
      {/* One row from lg up; below it the navigation gets its own row (two on a phone), scrolling sideways if it must. */}
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-6 gap-y-1 px-3 py-2 sm:px-6 lg:h-14 lg:flex-nowrap lg:py-0">
        <Link href="/" className="text-lg font-semibold tracking-tight text-ink">
          Stageboard
        </Link>
        <nav aria-label="Main" className="relative order-last flex w-full min-w-0 flex-wrap items-center gap-x-6 gap-y-1 overflow-x-auto px-1 py-1.5 text-sm lg:order-none lg:w-auto lg:flex-1 lg:flex-nowrap">
          <ul className="flex shrink-0 items-center gap-4" aria-label="Services">
            {services.map((name) => (
              <li key={name}>
                <Link href={`/services/${encodeURIComponent(name)}`} className="whitespace-nowrap text-body hover:text-ink hover:underline">
                  {name}
                </Link>
              </li>
            ))}
          </ul>
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
          {demoMode && <DemoBadge />}
          <SignInStatus demoMode={demoMode} />
        </div>
      </div>
    </header>
  );
}
