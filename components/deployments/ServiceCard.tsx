import { RelativeTime } from "@/components/time/RelativeTime";
import type { DeploymentSummary, ServiceCard as Card } from "@/lib/pages/deployments/types";
import { StepChain } from "./StepChain";

const DOT: Record<string, string> = { success: "bg-emerald-500", failed: "bg-red-500", running: "bg-sky-500", canceled: "bg-slate-400" };

function PipelineRef({ d }: { d: DeploymentSummary }) {
  if (d.pipelineId === null) return <span className="text-slate-500">no pipeline</span>;
  const label = `#${d.pipelineId}`;
  return d.pipelineWebUrl ? (
    <a href={d.pipelineWebUrl} target="_blank" rel="noreferrer" className="text-sky-700 hover:underline">
      {label}
    </a>
  ) : (
    <span>{label}</span>
  );
}

function Timeline({ items }: { items: DeploymentSummary[] }) {
  if (items.length === 0) return <p className="text-xs text-slate-500">No earlier deployments.</p>;
  return (
    <ol className="space-y-1" aria-label="Previous deployments">
      {items.map((d) => {
        const verifyFailed = d.verify.status === "failed";
        return (
          <li key={d.id} data-testid="timeline-item" className="flex items-center gap-2 text-xs text-slate-700">
            <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${verifyFailed ? "bg-red-500" : (DOT[d.status] ?? "bg-slate-300")}`} />
            <RelativeTime value={d.at} className="w-20 shrink-0 text-slate-500" />
            <span className="font-mono">{d.shortSha}</span>
            <PipelineRef d={d} />
            <span className="truncate" title={d.commitTitle ?? undefined}>
              {d.ref !== "main" ? `${d.ref}: ` : ""}
              {d.commitTitle ?? ""}
            </span>
            <span className="ml-auto shrink-0">
              {d.status !== "success" ? `deploy ${d.status}` : verifyFailed ? "verify failed" : ""}
              {d.olderPipeline ? " · older pipeline" : ""}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** One service: what runs on dev now, how its deploy went, and the deployments before it. */
export function ServiceCard({ card }: { card: Card }) {
  const c = card.current;
  const stands = card.attention.length > 0;
  return (
    <article
      data-testid={`deploy-card-${card.service}`}
      data-attention={stands}
      className={`flex flex-col gap-3 rounded-lg border bg-white p-4 ${stands ? "border-red-400 ring-1 ring-red-200" : "border-slate-200"}`}
    >
      <header className="flex items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold text-slate-900">{card.service}</h2>
        {card.mainPipelinesBehind !== null && (
          <span className="text-xs text-slate-500" data-testid="behind">
            {card.mainPipelinesBehind} main pipelines behind
          </span>
        )}
      </header>
      {stands && (
        <ul role="status" className="rounded border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800">
          {card.attention.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      )}
      {c ? (
        <div className="space-y-2 text-sm">
          <div>
            <div className="text-xs uppercase tracking-wide text-slate-500">On dev</div>
            <div className="font-mono text-sm text-slate-900" data-testid="image-tag" title={c.imageTagFromBuild ? "IMAGE_TAG from build.env" : "Expected tag (main-{sha}); build.env not read yet"}>
              {c.imageTag ?? c.shortSha}
              {!c.imageTagFromBuild && c.imageTag && <span className="ml-1 font-sans text-xs text-slate-400">(expected)</span>}
            </div>
          </div>
          <div className="text-slate-700">
            <span className="font-mono">{c.shortSha}</span> {c.commitTitle ?? ""}
          </div>
          <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
            <span>pipeline <PipelineRef d={c} /></span>
            <span>·</span>
            <span>{c.ref}</span>
            <span>·</span>
            <RelativeTime value={c.at} />
          </div>
          <StepChain deploy={c.deploy} migrate={c.migrate} verify={c.verify} />
          {(c.issues.length > 0 || c.olderPipeline) && (
            <ul className="text-xs text-amber-800">
              {c.olderPipeline && <li>Deploy of an older pipeline</li>}
              {c.issues.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <p className="text-sm text-slate-500">Nothing deployed to dev in the synced history.</p>
      )}
      {card.ciConfig && card.ciConfig.problems.length > 0 && (
        <p className="text-xs text-amber-800">.gitlab-ci.yml: {card.ciConfig.problems.join("; ")}</p>
      )}
      <div className="border-t border-slate-100 pt-2">
        <h3 className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Previous deployments</h3>
        <Timeline items={card.previous} />
      </div>
    </article>
  );
}
