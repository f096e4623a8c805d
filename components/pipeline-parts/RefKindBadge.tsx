import type { RefKind } from "@/lib/pages/overview/types";

const STYLE: Record<RefKind, string> = {
  main: "bg-solid text-on-solid",
  branch: "bg-subtle text-body ring-1 ring-line-strong",
  mr: "bg-warn-soft text-warn ring-1 ring-warn-line",
  tag: "bg-tag-soft text-tag ring-1 ring-tag-line",
};

export function RefKindBadge({ kind }: { kind: RefKind }) {
  return <span className={`rounded px-1.5 py-px text-[11px] font-medium uppercase tracking-wide ${STYLE[kind]}`}>{kind}</span>;
}
