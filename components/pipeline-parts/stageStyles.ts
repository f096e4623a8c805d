import type { StageStatus } from "@/lib/pages/overview/types";

/*
 * Colours per stage status; each also has its own icon (StatusIcon), so colour is never the only
 * signal. Solid fills are dark enough for white text (AA) in both schemes; the light looks get
 * dark counterparts.
 */
export const STAGE_STYLES: Record<StageStatus | "none", string> = {
  success: "bg-emerald-700 text-white border-emerald-800",
  failed: "bg-red-700 text-white border-red-800",
  failed_allowed: "bg-amber-300 text-amber-950 border-amber-500",
  running: "bg-sky-700 text-white border-sky-800",
  pending: "bg-yellow-50 text-yellow-800 border-yellow-500 dark:bg-yellow-950 dark:text-yellow-200 dark:border-yellow-600",
  manual: "bg-manual-soft text-manual border-violet-500",
  skipped: "bg-subtle text-muted border-line-strong",
  canceled: "bg-slate-600 text-white border-slate-700 dark:border-slate-500",
  created: "bg-surface text-muted border-slate-400 dark:border-slate-500",
  none: "bg-transparent text-muted border-dashed border-line-strong",
};
