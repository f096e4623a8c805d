import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { NotFoundError } from "./fetchPageData";

interface Props<T> {
  query: UseQueryResult<T, Error>;
  /** What the alert says could not be loaded: "overview" gives "The overview could not be loaded: …". */
  subject: string;
  /** The refetch interval, which is also how often a failed first load is tried again. */
  refreshIntervalMs: number;
  /** Shown until the first answer. */
  skeleton: ReactNode;
  /** Shown instead of everything else once the API answers 404 (see usePageQuery's notFoundIsFinal). */
  notFound?: ReactNode;
  children(data: T): ReactNode;
}

/**
 * A board's data once there is some; before that the skeleton, or an alert when the first load
 * failed. A failed refresh keeps the last data: the board says so itself, where it fits.
 */
export function PageState<T>({ query, subject, refreshIntervalMs, skeleton, notFound, children }: Props<T>) {
  if (notFound !== undefined && query.error instanceof NotFoundError) return notFound;
  if (query.data) return children(query.data);
  return query.isError ? (
    <div role="alert" className="rounded-md border border-bad-line bg-bad-soft p-4 text-sm text-bad">
      {`The ${subject} could not be loaded: `}
      {query.error.message} Retrying every {Math.round(refreshIntervalMs / 1000)} s.
    </div>
  ) : (
    skeleton
  );
}
