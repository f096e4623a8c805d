"use client";

import { SEVERITIES, type Severity } from "@/lib/domain/cwiq";
import type { FilterPatch } from "@/lib/pages/security/params";
import { PERIODS, SCANNER_LABELS, SCANNERS, STATES, type FindingState, type Scanner, type SecurityPageParams } from "@/lib/pages/security/types";
import { FilterSelect } from "@/components/filters/FilterSelect";
import { SEVERITY_LABELS, STATE_LABELS } from "./severity";

interface Props {
  params: SecurityPageParams;
  services: string[];
  onChange(patch: FilterPatch): void;
}

const pick = <T extends string>(values: readonly T[], value: string): T | undefined => values.find((v) => v === value);

/** Period, service, scanner, severity and state; every change goes to the URL. */
export function Filters({ params, services, onChange }: Props) {
  const serviceChoices = params.service && !services.includes(params.service) ? [params.service, ...services] : services;
  return (
    <form aria-label="Filters" className="flex flex-wrap items-end gap-4 rounded-lg border border-line bg-surface px-4 py-3" onSubmit={(e) => e.preventDefault()}>
      <FilterSelect
        label="Period"
        testId="filter-period"
        value={params.period}
        options={PERIODS.map((days) => ({ value: days, label: `Last ${days} days` }))}
        onChange={(v) => onChange({ period: PERIODS.find((p) => p === Number(v)) ?? params.period })}
      />
      <FilterSelect
        label="Service"
        testId="filter-service"
        value={params.service ?? ""}
        emptyLabel="All services"
        options={serviceChoices.map((s) => ({ value: s, label: s }))}
        onChange={(v) => onChange({ service: v || undefined })}
      />
      <FilterSelect
        label="Scanner"
        testId="filter-scanner"
        value={params.scanner ?? ""}
        emptyLabel="All scanners"
        options={SCANNERS.map((s) => ({ value: s, label: SCANNER_LABELS[s] }))}
        onChange={(v) => onChange({ scanner: pick<Scanner>(SCANNERS, v) })}
      />
      <FilterSelect
        label="Severity"
        testId="filter-severity"
        value={params.severity ?? ""}
        emptyLabel="Any"
        options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
        onChange={(v) => onChange({ severity: pick<Severity>(SEVERITIES, v) })}
      />
      <FilterSelect
        label="State"
        testId="filter-state"
        value={params.state ?? ""}
        emptyLabel="Any"
        options={STATES.map((s) => ({ value: s, label: s === "open" ? "Open (not triaged away)" : (STATE_LABELS[s] ?? s) }))}
        onChange={(v) => onChange({ state: pick<FindingState>(STATES, v) })}
      />
      {(params.service || params.scanner || params.severity || params.state) && (
        <button
          type="button"
          className="rounded-md px-2 py-1.5 text-sm text-link hover:underline"
          onClick={() => onChange({ service: undefined, scanner: undefined, severity: undefined, state: undefined })}
        >
          Clear filters
        </button>
      )}
      <p className="basis-full text-xs text-muted">
        Service and scanner apply to the whole page; severity and state to the findings table. The period applies to charts and time to remediate.
      </p>
    </form>
  );
}
