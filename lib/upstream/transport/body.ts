import { UpstreamError } from "./errors";

export interface ReadJsonOptions {
  /** Names the upstream in messages, e.g. "SonarQube". */
  service: string;
  /** The route named in messages. */
  label: string;
  /**
   * Answer null for a 204 or an empty body. gitbeaker expects that; an API that always answers
   * with a document sent a broken body when it sent nothing, which is worth another try.
   */
  emptyAsNull?: boolean;
}

/**
 * The body parsed as JSON. Text that does not parse is an "invalid_response" UpstreamError, which the
 * transport retries: a truncated or garbled body is usually a proxy hiccup.
 */
export async function readJson(response: Response, { service, label, emptyAsNull = false }: ReadJsonOptions): Promise<unknown> {
  const text = await response.text();
  if (emptyAsNull && (response.status === 204 || text === "")) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamError("invalid_response", `${service} sent a body that is not valid JSON for ${label}`, response.status);
  }
}
