"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

interface Props {
  /** The whole text: the tooltip, and what keyboard focus shows. */
  text: string;
  className?: string;
  children?: ReactNode;
}

/**
 * One line cut with an ellipsis; the whole text on hover (title) and, when it is cut, on keyboard
 * focus too: the element becomes focusable only then, so whole texts add no tab stops.
 */
export function Truncated({ text, className = "", children }: Props) {
  const ref = useRef<HTMLSpanElement>(null);
  const [cut, setCut] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const measure = () => setCut(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [text]);
  return (
    <span
      ref={ref}
      title={text}
      tabIndex={cut ? 0 : undefined}
      className={`min-w-0 truncate focus:whitespace-normal focus:wrap-anywhere ${className}`}
    >
      {children ?? text}
    </span>
  );
}
