/** One choice of a select; the value is what the URL carries. */
export interface FilterOption {
  value: string | number;
  label: string;
}

interface Props {
  label: string;
  testId: string;
  value: string | number;
  /** The choice that sets no filter (value ""), listed first; none when the filter always has a value. */
  emptyLabel?: string;
  options: readonly FilterOption[];
  onChange(value: string): void;
  /** Extra classes for the select, e.g. a width limit. */
  className?: string;
}

const SELECT = "rounded-md border border-line-strong bg-surface px-2 py-1.5 text-sm text-ink shadow-sm";
const LABEL = "flex flex-col gap-1 text-xs font-medium text-muted";

/** A labelled select of a page's filter bar; the page turns the chosen value into its own parameter. */
export function FilterSelect({ label, testId, value, emptyLabel, options, onChange, className }: Props) {
  return (
    <label className={LABEL}>
      {label}
      <select data-testid={testId} className={className ? `${SELECT} ${className}` : SELECT} value={value} onChange={(e) => onChange(e.target.value)}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
