import type { StageStatus } from "@/lib/pages/overview/types";

/*
 * One small glyph per status, so a cell reads without its colour (colour-blind users,
 * greyscale screenshots). Decorative: the cell carries the text label.
 */
export function StatusIcon({ status, className = "h-3.5 w-3.5" }: { status: StageStatus | null; className?: string }) {
  const common = {
    viewBox: "0 0 16 16",
    className,
    "aria-hidden": true,
    focusable: false,
    fill: "none",
    stroke: "currentColor",
    strokeWidth: 2,
    strokeLinecap: "round" as const,
    strokeLinejoin: "round" as const,
  };
  switch (status) {
    case "success":
      return (
        <svg {...common}>
          <path d="M3 8.5l3.2 3.2L13 4.8" />
        </svg>
      );
    case "failed":
      return (
        <svg {...common}>
          <path d="M4 4l8 8M12 4l-8 8" />
        </svg>
      );
    case "failed_allowed":
      return (
        <svg {...common}>
          <path d="M8 3v6" />
          <circle cx="8" cy="12.5" r="0.6" fill="currentColor" />
        </svg>
      );
    case "running":
      return (
        <svg {...common} className={`${className} motion-safe:animate-spin`}>
          <circle cx="8" cy="8" r="5" strokeOpacity="0.35" />
          <path d="M8 3a5 5 0 0 1 5 5" />
        </svg>
      );
    case "pending":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="5.5" />
          <path d="M8 5v3.2l2 1.4" />
        </svg>
      );
    case "manual":
      return (
        <svg {...common}>
          <path d="M5.5 3.8v8.4L12 8z" fill="currentColor" />
        </svg>
      );
    case "skipped":
      return (
        <svg {...common}>
          <path d="M3 4l4 4-4 4M9 4l4 4-4 4" />
        </svg>
      );
    case "canceled":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="5.5" />
          <path d="M4.2 11.8l7.6-7.6" />
        </svg>
      );
    case "created":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="3.5" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <path d="M5 8h6" />
        </svg>
      );
  }
}
