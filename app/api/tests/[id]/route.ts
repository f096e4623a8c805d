import { DATABASE_DOWN, errorResponse, jsonResponse } from "@/lib/web/api/responses";
import { signedInOnly } from "@/lib/web/auth/api-guard";
import { logger } from "@/lib/platform/log";
import { parseTestId } from "@/lib/pages/test/query";
import { loadTestPage } from "@/lib/pages/test/server";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

/** One test's history, for the test page's refreshes. */
export const GET = signedInOnly(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id: raw } = await params;
  const id = parseTestId(raw);
  if (id === null) return errorResponse(400, "A test id is a positive whole number.");
  try {
    const data = await loadTestPage(id, await viewerScope());
    if (!data) return errorResponse(404, `Test ${id} is not known to Stageboard.`);
    return jsonResponse(data);
  } catch (error) {
    logger.error({ err: errorMessage(error), test: id }, "test query failed");
    return errorResponse(503, DATABASE_DOWN);
  }
});
