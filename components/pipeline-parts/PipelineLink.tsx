import type { PipelineSummary } from "@/lib/pages/overview/types";

/** "#123 ↗": the pipeline's page on GitLab, in a new tab. */
export function PipelineLink({ pipeline, service }: { pipeline: Pick<PipelineSummary, "iid" | "ref" | "webUrl">; service: string }) {
  return (
    <a
      href={pipeline.webUrl}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={`Pipeline #${pipeline.iid} of ${service} on ${pipeline.ref}, in GitLab (opens in a new tab)`}
      className="font-mono text-link hover:underline"
    >
      #{pipeline.iid}
      <span aria-hidden> ↗</span>
    </a>
  );
}
