import { DEV_DELIVERY_JOBS } from "@/lib/domain/cwiq";
import type { StepOutcome } from "@/lib/pages/deployments/types";

const LOOK: Record<string, string> = {
  success: "border-emerald-300 bg-emerald-50 text-emerald-800",
  failed: "border-red-300 bg-red-50 text-red-800",
  running: "border-sky-300 bg-sky-50 text-sky-800",
  pending: "border-sky-200 bg-sky-50 text-sky-700",
};

function Step({ name, step }: { name: string; step: StepOutcome }) {
  const look = (step.status && LOOK[step.status]) ?? "border-slate-200 bg-slate-50 text-slate-500";
  const label = `${name}: ${step.status ?? "not run"}`;
  const body = (
    <span data-step={name} data-status={step.status ?? "none"} className={`inline-flex rounded border px-1.5 py-0.5 text-xs ${look}`}>
      {label}
    </span>
  );
  return step.webUrl ? (
    <a href={step.webUrl} target="_blank" rel="noreferrer" className="hover:opacity-80">
      {body}
    </a>
  ) : (
    body
  );
}

/** deploy-dev → migrate-dev → verify-dev, each with its outcome. */
export function StepChain({ deploy, migrate, verify }: { deploy: StepOutcome; migrate: StepOutcome; verify: StepOutcome }) {
  return (
    <div className="flex flex-wrap items-center gap-1">
      <Step name={DEV_DELIVERY_JOBS.deploy} step={deploy} />
      <span aria-hidden className="text-slate-400">→</span>
      <Step name={DEV_DELIVERY_JOBS.migrate} step={migrate} />
      <span aria-hidden className="text-slate-400">→</span>
      <Step name={DEV_DELIVERY_JOBS.verify} step={verify} />
    </div>
  );
}
