import type { ArtifactProblem } from "@/lib/pages/security/types";
import { RelativeTime } from "@/components/time/RelativeTime";

/** Latest main reports that could not be read: the trends carry the previous level for them. */
export function Problems({ problems }: { problems: ArtifactProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <section role="status" aria-labelledby="problems-heading" data-testid="artifact-problems" className="rounded-md border border-warn-line bg-warn-soft px-4 py-3 text-sm text-warn">
      <h2 id="problems-heading" className="font-medium">
        Some latest scan reports could not be read; their charts keep the last readable level.
      </h2>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((p) => (
          <li key={`${p.service}/${p.scanner}`}>
            {p.service} · {p.scanner}: {p.status === "unavailable" ? "artifact unavailable" : "report unreadable"}
            {p.message ? ` (${p.message})` : ""}, pipeline {p.pipelineId} <RelativeTime value={p.at} />
            {p.jobWebUrl && (
              <>
                {" · "}
                <a href={p.jobWebUrl} target="_blank" rel="noopener noreferrer" className="text-link underline">
                  GitLab job
                </a>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
