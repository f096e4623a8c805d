/*
 * A branch-rule breach in plain words: the sync stores one message per finding (one sentence per job
 * that used an earlier build), which the deployments page and the alerts say once.
 */

const EARLIER_BUILD = /([\w.-]+) ran with an earlier build-push/g;

/**
 * The stored message, said once: without the section's own prefix, one sentence for every job
 * that used an earlier build (the sync joins one sentence per job), and no clause twice.
 */
export function breachDetail(rule: string, message: string): string {
  const text = message.replace(/^Image integrity: /, "").replace(/^\.gitlab-ci\.yml: /, "");
  if (rule === "earlier-build") {
    const jobs = [...new Set([...text.matchAll(EARLIER_BUILD)].map((m) => m[1]))];
    if (jobs.length > 0) {
      const who = jobs.length === 1 ? `${jobs[0]} started` : `${jobs.slice(0, -1).join(", ")} and ${jobs.at(-1)} started`;
      return `${who} before the retried build-push finished, so ${jobs.length === 1 ? "it" : "they"} used an earlier image.`;
    }
  }
  return [...new Set(text.split("; "))].join("; ");
}
