const EXPLANATION =
  "Demo data: no GitLab is configured, so Stageboard is showing its built-in simulated CWIQ platform. " +
  "Set GITLAB_URL and GITLAB_TOKEN to watch your real pipelines.";

/** Says plainly that the pipelines on screen are simulated. */
export function DemoBadge() {
  return (
    <span
      data-testid="demo-badge"
      title={EXPLANATION}
      className="inline-flex shrink-0 items-center gap-1.5 rounded-full border border-warn-line bg-warn-soft px-2.5 py-0.5 text-xs text-warn"
    >
      <strong className="font-semibold">Demo data</strong>
      <span className="hidden lg:inline">· simulated CWIQ platform</span>
      <span className="sr-only">{EXPLANATION}</span>
    </span>
  );
}
