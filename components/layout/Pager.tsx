import Link from "next/link";

interface Props {
  /** e.g. "Pipeline pages", for the navigation landmark. */
  label: string;
  page: number;
  pageCount: number;
  /** The link to another page, keeping the other filters. */
  hrefFor(patch: { page: number }): string;
  previousText: string;
  nextText: string;
}

/** Previous / next links under a server-paginated table; nothing when there is one page. */
export function Pager({ label, page, pageCount, hrefFor, previousText, nextText }: Props) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="flex items-center justify-between border-t border-line px-4 py-2 text-sm">
      {page > 1 ? (
        <Link href={hrefFor({ page: page - 1 })} scroll={false} className="text-link hover:underline" data-testid="page-prev">
          ← {previousText}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-muted">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={hrefFor({ page: page + 1 })} scroll={false} className="text-link hover:underline" data-testid="page-next">
          {nextText} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
