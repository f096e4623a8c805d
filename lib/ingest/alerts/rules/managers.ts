import { alertKey, type Condition } from "@/lib/domain/alerts";
import { breachDetail } from "@/lib/domain/branch-rules/breach-detail";
import { DEV_DELIVERY_JOBS, DEV_ENVIRONMENT } from "@/lib/domain/cwiq";
import { pipelineLinks, verdict, type RuleEvaluator } from "./context";

/*
 * Managers' rules: dev unhealthy (the latest deploy-dev, or the migrate-dev / verify-dev after it,
 * failed), dev running an image many main pipelines old, and image-tag integrity broken on main.
 */

const UNSETTLED = new Set(["created", "pending", "running", "waiting_for_resource", "preparing", "scheduled"]);

interface DevRun {
  service: string;
  pipelineId: bigint;
  webUrl: string;
  ref: string;
  deploy: string;
  deployUrl: string;
  deployAt: Date;
  migrate: string | null;
  migrateUrl: string | null;
  migrateAt: Date | null;
  verify: string | null;
  verifyUrl: string | null;
  verifyAt: Date | null;
}

/**
 * The latest deploy-dev that ran (final attempt succeeded or failed) per service, and the final
 * migrate-dev and verify-dev attempts of its pipeline. Dev is healthy when all that ran succeeded.
 */
export const devUnhealthy: RuleEvaluator = async (ctx) => {
  const runs = await ctx.db.$queryRaw<DevRun[]>`
    WITH deploys AS (
      SELECT DISTINCT ON (j.service_id) j.service_id, j.pipeline_id, j.status, j.web_url, coalesce(j.finished_at, j.created_at) AS at
      FROM job j JOIN pipeline p ON p.id = j.pipeline_id
      WHERE j.name = ${DEV_DELIVERY_JOBS.deploy} AND NOT j.retried AND j.status IN ('success', 'failed') AND p.parent_pipeline_id IS NULL
      ORDER BY j.service_id, coalesce(j.started_at, j.created_at) DESC, j.id DESC
    )
    SELECT s.name AS service, d.pipeline_id AS "pipelineId", p.web_url AS "webUrl", p.ref,
           d.status AS deploy, d.web_url AS "deployUrl", d.at AS "deployAt",
           m.status AS migrate, m.web_url AS "migrateUrl", m.finished_at AS "migrateAt",
           v.status AS verify, v.web_url AS "verifyUrl", v.finished_at AS "verifyAt"
    FROM deploys d JOIN service s ON s.id = d.service_id JOIN pipeline p ON p.id = d.pipeline_id
    LEFT JOIN LATERAL (SELECT status, web_url, finished_at FROM job WHERE pipeline_id = d.pipeline_id AND name = ${DEV_DELIVERY_JOBS.migrate} AND NOT retried ORDER BY id DESC LIMIT 1) m ON true
    LEFT JOIN LATERAL (SELECT status, web_url, finished_at FROM job WHERE pipeline_id = d.pipeline_id AND name = ${DEV_DELIVERY_JOBS.verify} AND NOT retried ORDER BY id DESC LIMIT 1) v ON true`;
  const conditions: Condition[] = [];
  const undecided = new Set<string>();
  const clearedAt = new Map<string, Date>();
  for (const r of runs) {
    const key = alertKey("dev_unhealthy", r.service, DEV_ENVIRONMENT);
    const failed =
      r.deploy === "failed"
        ? { job: DEV_DELIVERY_JOBS.deploy, url: r.deployUrl, at: r.deployAt }
        : r.migrate === "failed"
          ? { job: DEV_DELIVERY_JOBS.migrate, url: r.migrateUrl, at: r.migrateAt }
          : r.verify === "failed"
            ? { job: DEV_DELIVERY_JOBS.verify, url: r.verifyUrl, at: r.verifyAt }
            : null;
    if (failed) {
      conditions.push({
        rule: "dev_unhealthy",
        service: r.service,
        subject: DEV_ENVIRONMENT,
        title: `${r.service}: ${failed.job} failed on ${DEV_ENVIRONMENT}`,
        eventAt: failed.at ?? ctx.now,
        detail: {
          message: `${failed.job} of ${r.service} failed in pipeline #${r.pipelineId} (${r.ref}); ${DEV_ENVIRONMENT} is not healthy.`,
          facts: [{ name: "Job", value: failed.job }, { name: "Environment", value: DEV_ENVIRONMENT }, { name: "Ref", value: r.ref }],
          links: [
            { label: "Deployments", url: "/deployments", kind: "stageboard" },
            ...pipelineLinks(r.pipelineId, r.webUrl),
            ...(failed.url ? [{ label: `Job log: ${failed.job}`, url: failed.url, kind: "gitlab" as const }] : []),
          ],
        },
      });
    } else if ((r.migrate && UNSETTLED.has(r.migrate)) || (r.verify && UNSETTLED.has(r.verify))) {
      // Deployed, still migrating or verifying: healthy or not is not known yet.
      undecided.add(key);
    } else {
      clearedAt.set(key, r.verifyAt ?? r.migrateAt ?? r.deployAt);
    }
  }
  return verdict("dev_unhealthy", ctx, { conditions, undecided, clearedAt });
};

/** What dev runs (the latest successful deploy-dev) is more than N main pipelines behind main. */
export const devImageBehind: RuleEvaluator = async (ctx) => {
  const n = ctx.thresholds.devImageBehindPipelines;
  const rows = await ctx.db.$queryRaw<Array<{ service: string; pipelineId: bigint; webUrl: string; behind: number; newestAt: Date }>>`
    WITH dev AS (
      SELECT DISTINCT ON (j.service_id) j.service_id, j.pipeline_id, p.created_at
      FROM job j JOIN pipeline p ON p.id = j.pipeline_id
      WHERE j.name = ${DEV_DELIVERY_JOBS.deploy} AND NOT j.retried AND j.status = 'success' AND p.parent_pipeline_id IS NULL
      ORDER BY j.service_id, coalesce(j.finished_at, j.created_at) DESC, j.id DESC
    )
    SELECT s.name AS service, d.pipeline_id AS "pipelineId", p.web_url AS "webUrl", count(m.id)::int AS behind, max(m.created_at) AS "newestAt"
    FROM dev d JOIN service s ON s.id = d.service_id JOIN pipeline p ON p.id = d.pipeline_id
    JOIN pipeline m ON m.service_id = d.service_id AND m.ref_kind = 'MAIN' AND m.parent_pipeline_id IS NULL AND m.created_at > d.created_at
    GROUP BY s.name, d.pipeline_id, p.web_url
    HAVING count(m.id) > ${n}`;
  const conditions: Condition[] = rows.map((r) => ({
    rule: "dev_image_behind",
    service: r.service,
    subject: DEV_ENVIRONMENT,
    title: `${r.service}: ${DEV_ENVIRONMENT} runs an image ${r.behind} main pipelines old`,
    eventAt: r.newestAt,
    detail: {
      message: `${DEV_ENVIRONMENT} runs the image of pipeline #${r.pipelineId}; ${r.behind} main pipelines came after it (threshold ${n}).`,
      facts: [{ name: "Main pipelines behind", value: String(r.behind) }],
      links: [{ label: "Deployments", url: "/deployments", kind: "stageboard" }, ...pipelineLinks(r.pipelineId, r.webUrl)],
    },
  }));
  return verdict("dev_image_behind", ctx, { conditions });
};

/**
 * Each broken integrity rule said once, as the deployments page says it: a pipeline has one finding per
 * rule, whose message holds a sentence per job.
 */
function integrityWords(rules: readonly string[], messages: readonly string[]): string {
  const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
  return rules.map((rule, i) => sentence(breachDetail(rule, messages[i] ?? ""))).join(" ");
}

/** The latest main pipeline of a service breaks image-tag integrity (the sync's pipeline findings). */
export const imageTagIntegrity: RuleEvaluator = async (ctx) => {
  const rows = await ctx.db.$queryRaw<Array<{ service: string; pipelineId: bigint; webUrl: string; at: Date; rules: string[] | null; messages: string[] | null }>>`
    WITH latest AS (
      SELECT DISTINCT ON (p.service_id) p.id, p.service_id, p.web_url, coalesce(p.finished_at, p.updated_at) AS at
      FROM pipeline p WHERE p.ref_kind = 'MAIN' AND p.parent_pipeline_id IS NULL AND p.status IN ('success', 'failed')
      ORDER BY p.service_id, p.created_at DESC, p.id DESC
    )
    SELECT s.name AS service, l.id AS "pipelineId", l.web_url AS "webUrl", l.at,
           array_agg(f.rule ORDER BY f.rule, f.message) FILTER (WHERE f.message IS NOT NULL) AS rules,
           array_agg(f.message ORDER BY f.rule, f.message) FILTER (WHERE f.message IS NOT NULL) AS messages
    FROM latest l JOIN service s ON s.id = l.service_id
    LEFT JOIN pipeline_finding f ON f.pipeline_id = l.id AND f.rule IN ('tag-mismatch', 'sha-mismatch', 'earlier-build')
    GROUP BY s.name, l.id, l.web_url, l.at`;
  const conditions: Condition[] = [];
  const clearedAt = new Map<string, Date>();
  for (const r of rows) {
    if (!r.messages?.length) {
      clearedAt.set(alertKey("image_tag_integrity", r.service, "main"), r.at);
      continue;
    }
    conditions.push({
      rule: "image_tag_integrity",
      service: r.service,
      subject: "main",
      title: `${r.service}: image-tag integrity broken on main`,
      eventAt: r.at,
      detail: {
        message: integrityWords(r.rules ?? [], r.messages),
        links: [{ label: "Deployments", url: "/deployments", kind: "stageboard" }, ...pipelineLinks(r.pipelineId, r.webUrl)],
      },
    });
  }
  return verdict("image_tag_integrity", ctx, { conditions, clearedAt });
};
