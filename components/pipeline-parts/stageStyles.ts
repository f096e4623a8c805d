import type { StageStatus } from "@/lib/pages/overview/types";

/** Colours per stage status; each also has its own icon (StatusIcon), so colour is never the only signal. */
export const STAGE_STYLES: Record<StageStatus | "none", string> = {
  success: "bg-emerald-600 text-white border-emerald-700",
  failed: "bg-red-600 text-white border-red-700",
  failed_allowed: "bg-amber-300 text-amber-950 border-amber-500",
  running: "bg-sky-600 text-white border-sky-700",
  pending: "bg-yellow-50 text-yellow-800 border-yellow-500",
  manual: "bg-violet-50 text-violet-800 border-violet-500",
  skipped: "bg-slate-100 text-slate-500 border-slate-300",
  canceled: "bg-slate-500 text-white border-slate-600",
  created: "bg-white text-slate-500 border-slate-400",
  none: "bg-transparent text-slate-300 border-dashed border-slate-300",
};
