"use client";

import { formatAbsoluteTime, formatRelativeAge } from "../format";
import { useNow } from "./useNow";

interface Props {
  /** ISO-8601 time. */
  value: string;
  className?: string;
}

/** "3 min ago", with the exact time in the viewer's own time zone on hover. */
export function RelativeTime({ value, className }: Props) {
  const now = useNow();
  if (now === null) {
    // Server render and hydration: no clock or time zone yet; keep the space so nothing jumps.
    return (
      <time dateTime={value} className={className}>
        <span className="invisible">0 min ago</span>
      </time>
    );
  }
  return (
    <time dateTime={value} title={formatAbsoluteTime(value)} className={className}>
      {formatRelativeAge(value, now)}
    </time>
  );
}
