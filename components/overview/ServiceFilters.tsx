"use client";

import type { ServiceFilter } from "./service-filter";

interface Props {
  filter: ServiceFilter;
  onChange(filter: ServiceFilter): void;
  shown: number;
  total: number;
}

/** Find a service by name and keep the failing ones: for a board of many services. */
export function ServiceFilters({ filter, onChange, shown, total }: Props) {
  return (
    <div className="flex flex-wrap items-end gap-x-4 gap-y-2" role="search" aria-label="Services">
      <label className="flex flex-col gap-1 text-xs font-medium text-muted">
        Find a service
        <input
          type="search"
          value={filter.query}
          onChange={(event) => onChange({ ...filter, query: event.target.value })}
          placeholder="name"
          data-testid="service-search"
          className="w-56 max-w-full rounded-md border border-line-strong bg-surface px-2 py-1.5 text-sm text-ink shadow-sm"
        />
      </label>
      <label className="flex items-center gap-2 py-1.5 text-sm text-body">
        <input
          type="checkbox"
          checked={filter.failingOnly}
          onChange={(event) => onChange({ ...filter, failingOnly: event.target.checked })}
          data-testid="failing-only"
        />
        Failing only
      </label>
      <p className="py-1.5 text-sm text-muted" aria-live="polite" data-testid="services-shown">
        {shown === total ? `${total} services` : `${shown} of ${total} services`}
      </p>
    </div>
  );
}
