import type { ApiResponse } from "../api-types";
import type { DojoDirectory } from "./directory";

/**
 * Tiny HTML pages behind DefectDojo's web links (`/finding/ID`, `/test/ID`), so links from the
 * dashboard in demo mode lead somewhere. Not DefectDojo's UI; open without a token, as a browser
 * with a session would see them.
 */

const WEB_PATH = /^(finding|test)\/(\d+)\/?$/;

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const html = (status: number, title: string, body: string): ApiResponse => ({
  status,
  // The upstream server sends JSON by default; a header given here wins.
  headers: { "Content-Type": "text/html; charset=utf-8" },
  body: `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body style="font-family:system-ui,sans-serif;margin:2rem"><p><em>Simulated DefectDojo</em></p><h1>${escape(title)}</h1>${body}</body></html>`,
});

/** Whether a path below the DefectDojo prefix is one of these pages. */
export const isDojoWebPath = (path: string): boolean => WEB_PATH.test(path);

export function renderDojoWebPage(directory: DojoDirectory, path: string, t: number): ApiResponse | null {
  const match = WEB_PATH.exec(path);
  if (!match) return null;
  const id = Number(match[2]);
  const tests = directory.tests(t);
  if (match[1] === "test") {
    const test = tests.find((x) => x.id === id);
    if (!test) return html(404, "Test not found", "");
    return html(200, `Test #${id}`, `<p>Branch ${escape(test.branchTag ?? "—")}, commit ${escape(test.commitHash ?? "—")}, build ${escape(test.buildId ?? "—")}</p>`);
  }
  // A finding keeps its id across imports: look from the newest test back.
  for (const test of [...tests].reverse()) {
    const found = directory.findings(test, t).find((f) => f.id === id);
    if (!found) continue;
    const state = found.falsePositive
      ? "false positive"
      : found.riskAccepted
        ? "risk accepted"
        : found.duplicate
          ? "duplicate"
          : found.mitigatedAt !== null
            ? "mitigated"
            : found.verified
              ? "verified"
              : "active";
    return html(
      200,
      `Finding #${id}: ${found.finding.ruleId}`,
      `<p>${escape(found.finding.title)}</p><p>Severity ${escape(found.finding.severity)} · ${state} · <a href="../test/${test.id}">Test #${test.id}</a></p>`,
    );
  }
  return html(404, "Finding not found", "");
}
