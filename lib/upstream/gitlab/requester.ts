import { createRequesterFn, type FormattedResponse, type RequestHandlerFn, type ResponseBodyTypes } from "@gitbeaker/requester-utils";
import { readJson, type Transport } from "../transport";

/*
 * gitbeaker builds GitLab's URLs and follows its pages; the requests themselves go through the
 * upstream transport instead of gitbeaker's own handler, which retries only 429 and 502, ignores
 * Retry-After and waits milliseconds between tries.
 */

function endpointLabel(endpoint: string): string {
  // Numeric ids vary; keep the route shape for messages.
  return endpoint.split("?")[0] ?? endpoint;
}

/** gitbeaker's requesterFn, sending every request of the client through `transport`. */
export function gitbeakerRequester(transport: Transport) {
  const handle: RequestHandlerFn = async (endpoint, request = {}) => {
    const prefixUrl = String(request.prefixUrl ?? "");
    const url = new URL(endpoint, prefixUrl.endsWith("/") ? prefixUrl : `${prefixUrl}/`);
    if (typeof request.searchParams === "string") url.search = request.searchParams;
    const label = endpointLabel(endpoint);
    return transport.request({
      url,
      method: typeof request.method === "string" ? request.method : "GET",
      headers: (request.headers ?? {}) as Record<string, string>,
      body: request.body as BodyInit | undefined,
      label,
      read: async (response) =>
        ({
          // Any JSON at all: the client validates what it reads with zod.
          body: (await readJson(response, { service: transport.service, label, emptyAsNull: true })) as ResponseBodyTypes,
          headers: Object.fromEntries(response.headers.entries()),
          status: response.status,
        }) satisfies FormattedResponse,
    });
  };

  return createRequesterFn((_service, requestOptions) => Promise.resolve(requestOptions), handle);
}
