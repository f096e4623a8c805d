"use client";

import { useEffect, useState } from "react";

/** Copies a value (an image tag, a sha) to the clipboard and says so for a moment. */
export function CopyButton({ value, what }: { value: string; what: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}
      className="inline-flex shrink-0 items-center self-center rounded border border-line p-1 font-sans text-[11px] text-muted hover:bg-subtle hover:text-ink"
      title={`Copy ${what}`}
      data-testid="copy-button"
    >
      {/* Drawn, not a glyph: not every system font has a copy symbol. */}
      <svg viewBox="0 0 16 16" className="h-3 w-3" aria-hidden focusable={false} fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinejoin="round">
        {copied ? <path d="M3 8.5l3.2 3.2L13 4.8" strokeLinecap="round" /> : <><rect x="5.5" y="5.5" width="8" height="8" rx="1.5" /><path d="M10.5 5.5V3.5A1.5 1.5 0 0 0 9 2H3.5A1.5 1.5 0 0 0 2 3.5V9a1.5 1.5 0 0 0 1.5 1.5h2" /></>}
      </svg>
      <span className="sr-only">Copy {what}</span>
      {/* Announced once copied; empty otherwise. */}
      <span role="status" className={copied ? "ml-1" : "sr-only"}>
        {copied ? "copied" : ""}
      </span>
    </button>
  );
}
