import { DATABASE_DOWN, errorResponse, NO_STORE } from "@/lib/web/api/responses";
import { queryProblem } from "@/lib/web/api/validation";
import { signedInOnly } from "@/lib/web/auth/api-guard";
import { logger } from "@/lib/platform/log";
import { csvLine, FINDINGS_CSV_HEADER, findingCsvLine, findingsCsvFileName } from "@/lib/pages/security/csv";
import { parseSecurityQuery, QUERY_KEYS } from "@/lib/pages/security/params";
import type { FindingRow } from "@/lib/pages/security/types";
import { loadFindingBatches } from "@/lib/pages/security/server";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

/**
 * Every finding the page's filters select (not only the page shown), as CSV. Streamed: rows are
 * read a batch at a time as the client takes them, so a large export never sits in memory whole.
 */
export const GET = signedInOnly(async (request: Request) => {
  const query = new URL(request.url).searchParams;
  const problem = queryProblem(query, QUERY_KEYS);
  if (problem) return errorResponse(400, problem);
  const parsed = parseSecurityQuery(query);
  if (!parsed.ok) return errorResponse(400, parsed.message);

  const now = new Date();
  const batches = loadFindingBatches(parsed.params, await viewerScope(), now);
  const encoder = new TextEncoder();
  // Read the first batch before answering, so a database failure is still a 503 and not a cut-off file.
  let pending: IteratorResult<FindingRow[]> | null;
  try {
    pending = await batches.next();
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "findings export failed");
    return errorResponse(503, DATABASE_DOWN);
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine([...FINDINGS_CSV_HEADER])));
    },
    async pull(controller) {
      try {
        const next = pending ?? (await batches.next());
        pending = null;
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value.map(findingCsvLine).join("")));
      } catch (error) {
        logger.error({ err: errorMessage(error) }, "findings export failed mid-stream");
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${findingsCsvFileName(now)}"`,
    },
  });
});
