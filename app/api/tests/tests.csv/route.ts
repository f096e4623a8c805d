import { DATABASE_DOWN, errorResponse, NO_STORE } from "@/lib/web/api/responses";
import { queryProblem } from "@/lib/web/api/validation";
import { signedInOnly } from "@/lib/web/auth/api-guard";
import { logger } from "@/lib/platform/log";
import { testsCsv } from "@/lib/pages/tests/csv";
import { parseTestsQuery, QUERY_KEYS } from "@/lib/pages/tests/params";
import { loadTestsExport } from "@/lib/pages/tests/server";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

/** The tests /tests' filters select (up to 10,000), as CSV. */
export const GET = signedInOnly(async (request: Request) => {
  const query = new URL(request.url).searchParams;
  const problem = queryProblem(query, QUERY_KEYS);
  if (problem) return errorResponse(400, problem);
  const parsed = parseTestsQuery(query);
  if (!parsed.ok) return errorResponse(400, parsed.message);
  try {
    const body = testsCsv(await loadTestsExport(parsed.params, await viewerScope()));
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="stageboard-tests-${parsed.params.view}-${parsed.params.period}d.csv"`,
        ...NO_STORE,
      },
    });
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "tests export failed");
    return errorResponse(503, DATABASE_DOWN);
  }
});
