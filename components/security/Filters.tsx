"use client";

import { PERIODS, SCANNERS, SEVERITIES, STATES, type FindingState, type Scanner, type SecurityPageParams, type Severity } from "@/lib/security-page/types";
import { SEVERITY_LABELS, STATE_LABELS } from "./severity";
import type { FilterPatch } from "./SecurityBoard";

interface Props {
  params: SecurityPageParams;
  services: string[];
  onChange(patch: FilterPatch): void;
}

const SELECT = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 shadow-sm focus:border-sky-500 focus:outline-none";
const LABEL = "flex flex-col gap-1 text-xs font-medium text-slate-600";

const pick = <T extends string>(values: readonly T[], value: string): T | undefined => values.find((v) => v === value);

/** Period, service, scanner, severity and state; every change goes to the URL. */
export function Filters({ params, services, onChange }: Props) {
  const serviceChoices = params.service && !services.includes(params.service) ? [params.service, ...services] : services;
  return (
    <form aria-label="Filters" className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white px-4 py-3" onSubmit={(e) => e.preventDefault()}>
      <label className={LABEL}>
        Period
        <select data-testid="filter-period" className={SELECT} value={params.period} onChange={(e) => onChange({ period: PERIODS.find((p) => p === Number(e.target.value)) ?? params.period })}>
          {PERIODS.map((days) => (
            <option key={days} value={days}>
              Last {days} days
            </option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Service
        <select data-testid="filter-service" className={SELECT} value={params.service ?? ""} onChange={(e) => onChange({ service: e.target.value || undefined })}>
          <option value="">All services</option>
          {serviceChoices.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Scanner
        <select data-testid="filter-scanner" className={SELECT} value={params.scanner ?? ""} onChange={(e) => onChange({ scanner: pick<Scanner>(SCANNERS, e.target.value) })}>
          <option value="">All scanners</option>
          {SCANNERS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Severity
        <select data-testid="filter-severity" className={SELECT} value={params.severity ?? ""} onChange={(e) => onChange({ severity: pick<Severity>(SEVERITIES, e.target.value) })}>
          <option value="">Any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        State
        <select data-testid="filter-state" className={SELECT} value={params.state ?? ""} onChange={(e) => onChange({ state: pick<FindingState>(STATES, e.target.value) })}>
          <option value="">Any</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s === "open" ? "Open (not triaged away)" : STATE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      {(params.service || params.scanner || params.severity || params.state) && (
        <button
          type="button"
          className="rounded-md px-2 py-1.5 text-sm text-sky-700 hover:underline"
          onClick={() => onChange({ service: undefined, scanner: undefined, severity: undefined, state: undefined })}
        >
          Clear filters
        </button>
      )}
      <p className="basis-full text-xs text-slate-500">
        Service and scanner apply to the whole page; severity and state to the findings table. The period applies to charts and time to remediate.
      </p>
    </form>
  );
}
