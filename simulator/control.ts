import { z } from "zod";
import type { ApiResponse } from "./api-types";
import type { SimClock } from "./clock";
import { faultSpecSchema, type FaultController } from "./faults";
import type { SimulationModel } from "./model";
import type { PlannedPipeline } from "./plan";
import type { RateLimiter } from "./rate-limit";
import type { Renderer } from "./render";
import type { SimStats } from "./stats";
import { buildTruth } from "./truth";
import type { SimWebhooks } from "./webhooks";
import { receiverFaultSchema, type AlertInbox } from "./receivers/http";

/**
 * `/__sim/*`: the simulator's own control surface (no token), so tests in another process, e.g.
 * browser tests, can move the clock, inject faults and read counters.
 */
export interface ControlContext {
  clock: SimClock;
  model: SimulationModel;
  renderer: Renderer;
  faults: FaultController;
  stats: SimStats;
  limiter: RateLimiter;
  webhooks?: SimWebhooks;
  alertInbox?: AlertInbox;
}

/** When a pipeline changes state, for tests that need to wait for (or jump to) a moment. */
export interface PipelinePlanInfo {
  id: number;
  projectId: number;
  ref: string;
  createdAt: string;
  /** From this time on the pipeline and its jobs never change. */
  settledAt: string;
  transitions: Array<{ at: string; status: string }>;
  jobs: Array<{ id: number; name: string; stage: string; createdAt: string; transitions: Array<{ at: string; status: string }> }>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function describePlan(pipeline: PlannedPipeline): PipelinePlanInfo {
  return {
    id: pipeline.id,
    projectId: pipeline.projectId,
    ref: pipeline.ref,
    createdAt: iso(pipeline.createdAt),
    settledAt: iso(pipeline.settledAt),
    transitions: pipeline.transitions.map((tr) => ({ at: iso(tr.at), status: tr.status })),
    jobs: pipeline.jobs.map((job) => ({
      id: job.id,
      name: job.name,
      stage: job.stage,
      createdAt: iso(job.createdAt),
      transitions: job.transitions.map((tr) => ({ at: iso(tr.at), status: tr.status })),
    })),
  };
}

const ok = (value: unknown, status = 200): ApiResponse => ({ status, headers: {}, body: JSON.stringify(value) });
const fail = (status: number, message: string): ApiResponse => ok({ error: message }, status);

function numberParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || raw === "") return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

export async function handleControl(
  ctx: ControlContext,
  method: string,
  action: string,
  query: URLSearchParams,
  readBody: () => Promise<string>,
): Promise<ApiResponse> {
  const { clock, model } = ctx;
  const key = `${method} ${action}`;
  switch (key) {
    case "GET health":
      return ok({ status: "ok", now: iso(clock.now()), frozen: clock.frozen, projects: model.projects.map((p) => p.pathWithNamespace) });

    case "GET clock":
      return ok({ now: iso(clock.now()), frozen: clock.frozen });

    case "POST advance": {
      const ms = (numberParam(query, "seconds") ?? 0) * 1000 + (numberParam(query, "ms") ?? 0);
      if (ms < 0) return fail(400, "the clock only moves forward");
      return ok({ now: iso(clock.advance(ms)) });
    }

    case "POST settle": {
      // Jump to the moment a pipeline stops changing, e.g. to make a running pipeline finish.
      const pipeline = model.pipeline(numberParam(query, "pipeline_id") ?? -1);
      if (!pipeline) return fail(404, "no such pipeline");
      const now = clock.now();
      if (pipeline.settledAt > now) clock.advance(pipeline.settledAt - now);
      const t = clock.now();
      model.ensure(t);
      return ok({ now: iso(t), pipeline_id: pipeline.id, status: ctx.renderer.state(pipeline, t).status });
    }

    case "GET plan": {
      const pipeline = model.pipeline(numberParam(query, "pipeline_id") ?? -1);
      return pipeline ? ok(describePlan(pipeline)) : fail(404, "no such pipeline");
    }

    case "GET stats":
      return ok(ctx.stats.snapshot());

    case "POST stats/reset":
      ctx.stats.reset();
      return ok({ reset: true });

    case "GET faults":
      return ok(ctx.faults.list().map((f) => ({ ...f.spec, remaining: Number.isFinite(f.remaining) ? f.remaining : null })));

    case "POST faults": {
      let body: unknown;
      try {
        body = JSON.parse(await readBody());
      } catch {
        return fail(400, "body must be JSON: a fault spec or a list of them");
      }
      const parsed = z.union([faultSpecSchema, z.array(faultSpecSchema)]).safeParse(body);
      if (!parsed.success) return fail(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      ctx.faults.set(parsed.data);
      return ok({ active: ctx.faults.list().length });
    }

    case "DELETE faults":
      ctx.faults.clear();
      return ok({ active: 0 });

    case "POST rate-limit": {
      const perMinute = numberParam(query, "per_minute");
      if (perMinute === null || perMinute < 0) return fail(400, "per_minute must be a number >= 0 (0 = unlimited)");
      ctx.limiter.setLimit(perMinute);
      ctx.limiter.reset();
      return ok({ perMinute });
    }

    case "POST webhooks": {
      // Start sending GitLab's webhooks: ?url=TARGET&secret=X-Gitlab-Token.
      const url = query.get("url");
      const secret = query.get("secret");
      if (!ctx.webhooks) return fail(404, "webhooks are not available");
      if (!url || !/^https?:\/\//.test(url) || !secret) return fail(400, "url (http or https) and secret are required");
      ctx.webhooks.start(url, secret);
      return ok({ active: true });
    }

    case "POST webhooks/flush":
      if (!ctx.webhooks) return fail(404, "webhooks are not available");
      return ok(await ctx.webhooks.flush());

    case "DELETE webhooks":
      await ctx.webhooks?.stop();
      return ok({ active: false, sent: ctx.webhooks?.sent ?? 0, failed: ctx.webhooks?.failed ?? 0 });

    case "GET receiver":
      // What the alert receivers got (answered 2xx), oldest first, and how many requests faults failed.
      if (!ctx.alertInbox) return fail(404, "no alert receiver");
      return ok({ received: ctx.alertInbox.received, counts: ctx.alertInbox.counts });

    case "DELETE receiver":
      ctx.alertInbox?.reset();
      return ok({ received: 0 });

    case "POST receiver/faults": {
      if (!ctx.alertInbox) return fail(404, "no alert receiver");
      let body: unknown;
      try {
        body = JSON.parse(await readBody());
      } catch {
        return fail(400, "body must be JSON: a list of receiver faults");
      }
      const parsed = z.array(receiverFaultSchema).safeParse(body);
      if (!parsed.success) return fail(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      ctx.alertInbox.setFaults(parsed.data);
      return ok({ faults: parsed.data.length });
    }

    case "POST scenario": {
      // A push to main now: ?project=cwiq/server&fail=test (that job fails) or without fail (all green); &pause=1 stops the project's own live pipelines; answers its plan.
      const project = model.projects.find((p) => p.pathWithNamespace === query.get("project"));
      if (!project) return fail(400, "project must name a simulated project, e.g. cwiq/server");
      const failJob = query.get("fail") || null;
      if (query.get("pause") === "1") model.pausedProjects.add(project.index);
      const pipeline = model.pushMain(project.index, clock.now(), failJob);
      return ok(describePlan(pipeline));
    }

    case "GET truth": {
      const project = numberParam(query, "project");
      const t = numberParam(query, "at") ?? clock.now();
      return ok(buildTruth(model, ctx.renderer, t, project ?? undefined));
    }
  }
  return fail(404, `unknown control endpoint ${method} /__sim/${action}`);
}
