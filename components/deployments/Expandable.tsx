"use client";

import { useState } from "react";

/**
 * A long list shown as its latest few, then, behind "Show all", a page at a time: the page stays
 * short however long the period's history is.
 */
export function useExpandable<T>(items: readonly T[], latest: number, perPage: number) {
  const [all, setAll] = useState(false);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const current = Math.min(page, pages - 1);
  const shown = all ? items.slice(current * perPage, (current + 1) * perPage) : items.slice(0, latest);
  return { all, shown, current, pages, total: items.length, latest, setAll, setPage };
}

type State = ReturnType<typeof useExpandable>;

const BUTTON = "text-link hover:underline disabled:text-muted disabled:no-underline";

/** "Show all N" / "Show the latest n", and newer/older pages while showing all. */
export function ExpandControls({ state, controls, noun, testId }: { state: State; controls: string; noun: string; testId: string }) {
  const { all, current, pages, total, latest, setAll, setPage } = state;
  if (total <= latest) return null;
  return (
    <div className="flex flex-wrap items-center gap-3 border-t border-line px-3 py-2 text-sm">
      <button
        type="button"
        aria-expanded={all}
        aria-controls={controls}
        onClick={() => {
          setAll(!all);
          setPage(0);
        }}
        className={BUTTON}
        data-testid={`${testId}-toggle`}
      >
        {all ? `Show the latest ${latest}` : `Show all ${total} ${noun}`}
      </button>
      {all && pages > 1 && (
        <span className="ml-auto flex items-center gap-3">
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)} className={BUTTON}>
            ← Newer
          </button>
          <span className="text-muted">
            Page {current + 1} of {pages}
          </span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} className={BUTTON}>
            Older →
          </button>
        </span>
      )}
    </div>
  );
}
