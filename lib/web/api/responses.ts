/* The API routes' answers: JSON, never cached by the browser or a proxy (the data moves with every sync). */

export const NO_STORE = { "Cache-Control": "no-store" } as const;

export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

/** JSON already serialized and encoded (a shared page answer, see lib/platform/cache/page-answers.ts). */
export function serializedJsonResponse(body: Uint8Array<ArrayBuffer>): Response {
  return new Response(body, { headers: { ...NO_STORE, "Content-Type": "application/json" } });
}

export function errorResponse(status: number, message: string): Response {
  return jsonResponse({ error: message }, status);
}

/** A failed query: the details go to the log only; the client gets a short, secret-free reason. */
export const DATABASE_DOWN = "The database is not answering.";
