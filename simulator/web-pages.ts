import type { SimulationModel } from "./model";
import type { Renderer } from "./render";
import { jobStatusAt } from "./state";

/**
 * Tiny HTML pages behind the `web_url`s, so links from the dashboard in demo mode lead somewhere.
 * Not GitLab's UI; only enough to show what was linked.
 */
const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body style="font-family:system-ui,sans-serif;margin:2rem"><p><em>Simulated CWIQ GitLab</em></p><h1>${escape(title)}</h1>${body}</body></html>`;
}

export function renderWebPage(model: SimulationModel, renderer: Renderer, pathname: string, t: number): string | null {
  if (pathname === "/" || pathname === "") {
    const items = model.projects.map((p) => `<li><a href="/${escape(p.pathWithNamespace)}">${escape(p.pathWithNamespace)}</a></li>`);
    return page("Projects", `<ul>${items.join("")}</ul>`);
  }
  const match = /^\/(.+?)\/-\/(pipelines|jobs)\/(\d+)$/.exec(pathname);
  if (!match) {
    const project = model.projects.find((p) => `/${p.pathWithNamespace}` === pathname);
    return project ? page(project.pathWithNamespace, `<p>Default branch: main</p>`) : null;
  }
  const [, path, kind, rawId] = match;
  const id = Number(rawId);
  if (kind === "pipelines") {
    const pipeline = model.pipeline(id);
    if (!pipeline || pipeline.createdAt > t || renderer.projectOf(pipeline).pathWithNamespace !== path) return null;
    const state = renderer.state(pipeline, t);
    const jobs = pipeline.jobs
      .filter((job) => job.createdAt <= t)
      .map((job) => `<li>${escape(job.stage)} / <a href="/${escape(path ?? "")}/-/jobs/${job.id}">${escape(job.name)}</a>: ${jobStatusAt(job, t)}</li>`);
    return page(`Pipeline #${id} (${state.status})`, `<p>${escape(pipeline.ref)} @ ${pipeline.sha.slice(0, 8)}: ${escape(pipeline.commit.title)}</p><ul>${jobs.join("")}</ul>`);
  }
  const found = model.job(id);
  if (!found || found.job.createdAt > t || renderer.projectOf(found.pipeline).pathWithNamespace !== path) return null;
  const { job, pipeline } = found;
  const status = jobStatusAt(job, t);
  const log = [
    `Running with gitlab-runner 17.11.0 (simulated)`,
    `Job ${job.name} in stage ${job.stage} for ${pipeline.ref} (${pipeline.sha.slice(0, 8)})`,
    status === "failed" ? `ERROR: Job failed: ${job.failureReason ?? "unknown_failure"}` : `Job status: ${status}`,
  ].join("\n");
  return page(`Job #${id} ${job.name} (${status})`, `<p><a href="/${escape(path ?? "")}/-/pipelines/${pipeline.id}">Pipeline #${pipeline.id}</a></p><pre>${escape(log)}</pre>`);
}
