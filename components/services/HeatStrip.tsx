"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import type { HeatStripPipeline } from "@/lib/pages/services/types";
import { StageCell } from "../pipeline-parts/StageCell";

/**
 * The last main pipelines side by side, oldest on the left: one column per pipeline,
 * one mini cell per stage, so a stage that keeps failing shows as a red row.
 */
export function HeatStrip({ service, pipelines }: { service: string; pipelines: HeatStripPipeline[] }) {
  const columns = [...pipelines].reverse();
  const strip = useRef<HTMLOListElement>(null);
  const newest = pipelines[0]?.id;
  // A narrow screen shows the newest pipelines first: the strip starts scrolled to its end.
  useEffect(() => {
    if (strip.current) strip.current.scrollLeft = strip.current.scrollWidth;
  }, [newest]);
  return (
    <section data-testid="heat-strip" aria-labelledby="heat-strip-heading" className="rounded-lg border border-line bg-surface px-4 py-3">
      <h2 id="heat-strip-heading" className="text-base font-semibold text-ink">
        Last {pipelines.length} main pipelines
      </h2>
      {pipelines.length === 0 ? (
        <p className="py-4 text-sm text-muted">No main pipeline of {service} yet.</p>
      ) : (
        <div className="mt-2 flex gap-2">
          <div aria-hidden className="flex shrink-0 flex-col gap-0.5 pt-0.5 text-right text-[10px] leading-4 text-muted">
            {pipelines[0]?.stages.map((s) => (
              <span key={s.stage} className="h-4">
                {s.stage}
              </span>
            ))}
          </div>
          <ol ref={strip} className="relative flex min-w-0 gap-0.5 overflow-x-auto pb-1">
            {columns.map((p) => (
              <li key={p.id} data-testid={`heat-strip-pipeline-${p.id}`} data-status={p.status}>
                <Link
                  href={`/pipelines/${p.id}`}
                  title={`Pipeline ${p.id} (${p.shortSha}): ${p.status}`}
                  className="flex flex-col gap-0.5 rounded-sm p-0.5 hover:bg-subtle"
                >
                  {p.stages.map((s) => (
                    <StageCell key={s.stage} stage={s.stage} status={s.status} size="mini" />
                  ))}
                </Link>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
