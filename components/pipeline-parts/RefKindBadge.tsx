import type { RefKind } from "@/lib/pages/overview/types";

const STYLE: Record<RefKind, string> = {
  main: "bg-slate-800 text-white",
  branch: "bg-slate-100 text-slate-700 ring-1 ring-slate-300",
  mr: "bg-amber-50 text-amber-900 ring-1 ring-amber-300",
  tag: "bg-indigo-50 text-indigo-800 ring-1 ring-indigo-300",
};

export function RefKindBadge({ kind }: { kind: RefKind }) {
  return <span className={`rounded px-1.5 py-px text-[11px] font-medium uppercase tracking-wide ${STYLE[kind]}`}>{kind}</span>;
}
