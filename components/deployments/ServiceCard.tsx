"use client";

import { RelativeTime } from "@/components/time/RelativeTime";
import { CopyButton } from "@/components/text/CopyButton";
import { Truncated } from "@/components/text/Truncated";
import type { DeploymentSummary, RuleNote, ServiceCard as Card } from "@/lib/pages/deployments/types";
import { ExpandControls, useExpandable } from "./Expandable";
import { StepChain } from "./StepChain";

const DOT: Record<string, string> = { success: "bg-emerald-600", failed: "bg-red-600", running: "bg-sky-600", canceled: "bg-slate-500" };

function PipelineRef({ d }: { d: DeploymentSummary }) {
  if (d.pipelineId === null) return <span className="text-muted">no pipeline</span>;
  const label = `#${d.pipelineId}`;
  return d.pipelineWebUrl ? (
    <a href={d.pipelineWebUrl} target="_blank" rel="noreferrer" className="text-link hover:underline">
      {label}
    </a>
  ) : (
    <span>{label}</span>
  );
}

const TONE = { bad: "bg-bad-soft text-bad", info: "bg-info-soft text-info", neutral: "bg-subtle text-body", warn: "bg-warn-soft text-warn" };

/** How a deployment went when not plainly well, in words and a tone (the dot beside it is colour only). */
function outcome(d: DeploymentSummary): Array<{ words: string; tone: keyof typeof TONE }> {
  const notes: Array<{ words: string; tone: keyof typeof TONE }> = [];
  if (d.status !== "success") notes.push({ words: `deploy ${d.status}`, tone: d.status === "failed" ? "bad" : d.status === "running" ? "info" : "neutral" });
  else if (d.verify.status === "failed") notes.push({ words: "verify failed", tone: "bad" });
  if (d.olderPipeline) notes.push({ words: "older pipeline", tone: "warn" });
  return notes;
}

/** Earlier deployments, the latest four first, two lines each so nothing is cut in a narrow card. */
function Timeline({ service, items }: { service: string; items: DeploymentSummary[] }) {
  const list = useExpandable(items, 4, 10);
  if (items.length === 0) return <p className="text-xs text-muted">No earlier deployments.</p>;
  const id = `previous-${service}`;
  return (
    <>
      <ol id={id} className="space-y-1.5" aria-label="Previous deployments">
        {list.shown.map((d) => {
          const verifyFailed = d.verify.status === "failed";
          const title = `${d.ref !== "main" ? `${d.ref}: ` : ""}${d.commitTitle ?? ""}`;
          return (
            <li key={d.id} data-testid="timeline-item" className="text-xs text-body">
              <div className="flex flex-wrap items-center gap-x-2">
                <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${verifyFailed ? "bg-red-600" : (DOT[d.status] ?? "bg-slate-400")}`} />
                <RelativeTime value={d.at} className="text-muted" />
                <span className="font-mono">{d.shortSha}</span>
                <PipelineRef d={d} />
                {outcome(d).map((o) => (
                  <span key={o.words} className={`rounded px-1 ${TONE[o.tone]}`}>
                    {o.words}
                  </span>
                ))}
              </div>
              {title && <Truncated text={title} className="block pl-4 text-muted" />}
            </li>
          );
        })}
      </ol>
      <div className="-mx-3 mt-1 -mb-2">
        <ExpandControls state={list} controls={id} noun="deployments" testId={id} />
      </div>
    </>
  );
}

/** Integrity notes of what runs on dev: a few words each, the whole story on demand. */
function Notes({ notes, older }: { notes: RuleNote[]; older: boolean }) {
  return (
    <ul className="space-y-0.5 text-xs text-warn">
      {older && <li>Deploy of an older pipeline</li>}
      {notes.map((n) => (
        <li key={n.rule} data-rule={n.rule}>
          <details>
            <summary className="cursor-pointer">{n.label}</summary>
            <p className="mt-0.5 pl-3 text-body">{n.detail}</p>
          </details>
        </li>
      ))}
    </ul>
  );
}

/** One service: what runs on dev now, how its deploy went, and the deployments before it. */
export function ServiceCard({ card }: { card: Card }) {
  const c = card.current;
  const stands = card.attention.length > 0;
  const tag = c ? (c.imageTag ?? c.shortSha) : null;
  return (
    <article
      data-testid={`deploy-card-${card.service}`}
      data-attention={stands}
      className={`flex min-w-0 flex-col gap-3 rounded-lg border bg-surface p-4 ${stands ? "border-bad-line ring-1 ring-bad-line" : "border-line"}`}
    >
      <header className="flex flex-wrap items-baseline justify-between gap-x-2">
        <h2 className="text-base font-semibold text-ink">{card.service}</h2>
        {card.mainPipelinesBehind !== null && (
          <span className="text-xs text-muted" data-testid="behind">
            {card.mainPipelinesBehind} main {card.mainPipelinesBehind === 1 ? "pipeline" : "pipelines"} behind
          </span>
        )}
      </header>
      {stands && (
        // A live region around the list: role="status" on the <ul> itself would unmake the list.
        <div role="status">
          <ul className="rounded border border-bad-line bg-bad-soft px-2 py-1 text-xs text-bad">
            {card.attention.map((a) => (
              <li key={a}>
                <span aria-hidden>⚠ </span>
                {a}
              </li>
            ))}
          </ul>
        </div>
      )}
      {c && tag ? (
        <div className="min-w-0 space-y-2 text-sm">
          <div>
            <div className="text-xs uppercase tracking-wide text-muted">On dev</div>
            <div
              className="flex min-w-0 items-baseline gap-1.5 font-mono text-sm text-ink"
              data-testid="image-tag"
              title={c.imageTagFromBuild ? "IMAGE_TAG from build.env" : "Expected tag (main-{sha}); build.env not read yet"}
            >
              <Truncated text={tag} />
              {!c.imageTagFromBuild && c.imageTag && <span className="shrink-0 font-sans text-xs text-muted">(expected)</span>}
              <CopyButton value={tag} what="image tag" />
            </div>
          </div>
          <div className="flex min-w-0 items-baseline gap-1.5 text-body">
            <span className="shrink-0 font-mono" title={c.sha}>
              {c.shortSha}
            </span>
            <CopyButton value={c.sha} what="commit sha" />
            {c.commitTitle && <Truncated text={c.commitTitle} />}
          </div>
          <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
            <span>
              pipeline <PipelineRef d={c} />
            </span>
            <span aria-hidden>·</span>
            <Truncated text={c.ref} className="max-w-40" />
            <span aria-hidden>·</span>
            <RelativeTime value={c.at} />
          </div>
          <StepChain deploy={c.deploy} migrate={c.migrate} verify={c.verify} />
          {(c.issues.length > 0 || c.olderPipeline) && <Notes notes={c.issues} older={c.olderPipeline} />}
        </div>
      ) : (
        <p className="text-sm text-muted">Nothing deployed to dev in the synced history.</p>
      )}
      {card.ciConfig && card.ciConfig.problems.length > 0 && <p className="text-xs text-warn">.gitlab-ci.yml: {card.ciConfig.problems.join("; ")}</p>}
      <div className="border-t border-line pt-2">
        <h3 className="mb-1 text-xs font-medium uppercase tracking-wide text-muted">Previous deployments</h3>
        <Timeline service={card.service} items={card.previous} />
      </div>
    </article>
  );
}
