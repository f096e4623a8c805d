import { DEV_DELIVERY_JOBS } from "@/lib/domain/cwiq";
import type { StepOutcome } from "@/lib/pages/deployments/types";
import { StatusIcon } from "../pipeline-parts/StatusIcon";
import { statusLook } from "../pipeline-parts/statusLook";

const LOOK: Record<string, string> = {
  success: "border-ok-line bg-ok-soft text-ok",
  failed: "border-bad-line bg-bad-soft text-bad",
  running: "border-info-line bg-info-soft text-info",
  pending: "border-info-line bg-info-soft text-info",
};

function Step({ name, step }: { name: string; step: StepOutcome }) {
  const look = (step.status && LOOK[step.status]) ?? "border-line bg-subtle text-muted";
  const label = `${name}: ${step.status ?? "not run"}`;
  const body = (
    <span data-step={name} data-status={step.status ?? "none"} className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs ${look}`}>
      <StatusIcon status={step.status ? statusLook(step.status) : null} className="h-3 w-3" />
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
      <span aria-hidden className="text-muted">→</span>
      <Step name={DEV_DELIVERY_JOBS.migrate} step={migrate} />
      <span aria-hidden className="text-muted">→</span>
      <Step name={DEV_DELIVERY_JOBS.verify} step={verify} />
    </div>
  );
}
