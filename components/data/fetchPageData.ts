/** Thrown for a 404 from one of Stageboard's page APIs (e.g. a pipeline that is not synced). */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/**
 * One of Stageboard's own page APIs, fresh (no HTTP cache). A failure carries the route's
 * `{ error }` message when it sent one. The answer is our own route's JSON, built from the same
 * types the page renders, so it is not validated again here.
 */
export async function fetchPageData<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store", headers: { accept: "application/json" } });
  if (response.status === 404) throw new NotFoundError(await errorMessage(response));
  if (!response.ok) throw new Error(await errorMessage(response));
  return (await response.json()) as T;
}

async function errorMessage(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => null);
  return body && typeof body === "object" && "error" in body && typeof body.error === "string" ? body.error : `HTTP ${response.status}`;
}
