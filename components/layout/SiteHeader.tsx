import Link from "next/link";
import { DemoBadge } from "./DemoBadge";
import { SignInStatus } from "./SignInStatus";

interface Props {
  services: string[];
  demoMode: boolean;
}

export function SiteHeader({ services, demoMode }: Props) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-screen-2xl items-center gap-6 px-6">
        <Link href="/" className="text-lg font-semibold tracking-tight text-slate-900">
          Stageboard
        </Link>
        <nav aria-label="Main" className="flex min-w-0 flex-1 items-center gap-6 text-sm">
          <ul className="flex min-w-0 items-center gap-4 overflow-x-auto" aria-label="Services">
            {services.map((name) => (
              <li key={name}>
                <Link href={`/services/${encodeURIComponent(name)}`} className="whitespace-nowrap text-slate-700 hover:text-slate-950 hover:underline">
                  {name}
                </Link>
              </li>
            ))}
          </ul>
          <span aria-hidden className="h-5 w-px bg-slate-200" />
          <ul className="flex items-center gap-4">
            <li>
              <Link href="/flaky" className="whitespace-nowrap text-slate-700 hover:text-slate-950 hover:underline">
                Flaky jobs
              </Link>
            </li>
            <li>
              <Link href="/security" className="text-slate-700 hover:text-slate-950 hover:underline">
                Security
              </Link>
            </li>
            <li>
              <Link href="/deployments" className="text-slate-700 hover:text-slate-950 hover:underline">
                Deployments
              </Link>
            </li>
          </ul>
        </nav>
        {demoMode && <DemoBadge />}
        <SignInStatus demoMode={demoMode} />
      </div>
    </header>
  );
}
