/**
 * GitLab offset pagination (Gitlab::Pagination::OffsetPagination + OffsetHeaderBuilder): X-* headers,
 * a Link header with absolute URLs, and no totals (X-Total, X-Total-Pages, rel="last") above the count
 * limit (10,000 on GitLab).
 */
export const GITLAB_COUNT_LIMIT = 10_000;
const DEFAULT_PER_PAGE = 20;
const MAX_PER_PAGE = 100;

export interface PageParams {
  page: number;
  perPage: number;
}

export class BadRequest extends Error {}

function integerParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || raw === "") return null;
  if (!/^[+-]?\d+$/.test(raw.trim())) throw new BadRequest(`${name} is invalid`);
  return Number(raw);
}

export function readPageParams(query: URLSearchParams): PageParams {
  const page = integerParam(query, "page");
  const perPage = integerParam(query, "per_page");
  if (perPage === 0) throw new BadRequest("per_page has a value not allowed");
  return {
    page: page === null || page < 1 ? 1 : page,
    perPage: perPage === null || perPage < 0 ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE),
  };
}

export interface PageLinkContext {
  /** Absolute URL of the endpoint without query, e.g. `http://127.0.0.1:4000/api/v4/projects/101/pipelines`. */
  endpoint: string;
  query: URLSearchParams;
  /** Route parameters: GitLab's Link URLs carry them too (`id=101`). */
  routeParams: Readonly<Record<string, string>>;
  countLimit: number;
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/** Rails `to_query`: all params, keys sorted, with this page's page and per_page. */
function pageHref(ctx: PageLinkContext, page: number, perPage: number): string {
  const entries: Array<[string, string]> = [];
  for (const [key, value] of ctx.query) if (key !== "page" && key !== "per_page" && !(key in ctx.routeParams)) entries.push([key, value]);
  for (const [key, value] of Object.entries(ctx.routeParams)) entries.push([key, value]);
  entries.push(["page", String(page)], ["per_page", String(perPage)]);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${ctx.endpoint}?${new URLSearchParams(entries).toString()}`;
}

export function paginate<T>(all: readonly T[], params: PageParams, ctx: PageLinkContext): Page<T> {
  const { page, perPage } = params;
  const total = all.length;
  const withoutCount = total > ctx.countLimit;
  const start = (page - 1) * perPage;
  const items = all.slice(start, start + perPage);

  let next: number | null;
  let prev: number | null;
  let totalPages: number | null = null;
  if (withoutCount) {
    // Kaminari without_count: it only knows whether one more record exists after this page.
    next = total > start + perPage ? page + 1 : null;
    prev = page > 1 && items.length > 0 ? page - 1 : null;
  } else {
    const pages = Math.ceil(total / perPage);
    const outOfRange = page > pages;
    totalPages = Math.max(pages, 1);
    next = !outOfRange && page < pages ? page + 1 : null;
    prev = !outOfRange && page > 1 ? page - 1 : null;
  }

  const links: string[] = [];
  if (prev !== null) links.push(`<${pageHref(ctx, prev, perPage)}>; rel="prev"`);
  if (next !== null) links.push(`<${pageHref(ctx, next, perPage)}>; rel="next"`);
  links.push(`<${pageHref(ctx, 1, perPage)}>; rel="first"`);
  if (totalPages !== null) links.push(`<${pageHref(ctx, totalPages, perPage)}>; rel="last"`);

  const headers: Record<string, string> = {
    "X-Per-Page": String(perPage),
    "X-Page": String(page),
    "X-Next-Page": next === null ? "" : String(next),
    "X-Prev-Page": prev === null ? "" : String(prev),
    Link: links.join(", "),
  };
  if (totalPages !== null) {
    headers["X-Total"] = String(total);
    headers["X-Total-Pages"] = String(totalPages);
  }
  return { items, headers };
}
