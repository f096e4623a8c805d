import { checkCiConfig } from "@/lib/domain/branch-rules/ci-config";
import { HOUR_MS } from "@/lib/domain/time";
import { UpstreamError } from "@/lib/upstream/transport";
import { nowOf, type ProjectTarget, type SyncContext } from "../context";

export const CI_FILE = ".gitlab-ci.yml";
export const CI_REF = "main";
/** The CI file and environments change rarely: read them at most once an hour per service. */
export const CI_CHECK_INTERVAL_MS = HOUR_MS;

/** Due when the last check (kept with its result) is older than the interval: otherwise no request at all. */
export async function ciConfigDue(ctx: SyncContext, project: ProjectTarget): Promise<boolean> {
  const last = await ctx.db.ciConfigCheck.findUnique({ where: { serviceId: project.serviceId }, select: { checkedAt: true } });
  return !last || nowOf(ctx).getTime() - last.checkedAt.getTime() >= CI_CHECK_INTERVAL_MS;
}

/** Reads the service's `.gitlab-ci.yml` at main and its environments, and records what the file breaks. */
export async function checkCiConfigFile(ctx: SyncContext, project: ProjectTarget): Promise<void> {
  const { serviceId, projectId, service } = project;
  const now = nowOf(ctx);

  const [file, environments] = await Promise.all([
    ctx.limit(() => ctx.gitlab.getRepositoryFile(projectId, CI_FILE, CI_REF)).catch((error: unknown) => {
      if (error instanceof UpstreamError && error.kind === "not_found") return null;
      throw error;
    }),
    ctx.limit(() => ctx.gitlab.listEnvironments(projectId)),
  ]);

  const result = file
    ? checkCiConfig(service, file.text)
    : { templatesRef: null, templates: [], problems: [`${CI_FILE} not found at ${CI_REF}`], error: null };
  const data = { ref: CI_REF, blobId: file?.blob_id ?? null, ...result, checkedAt: now };
  await ctx.db.$transaction([
    ctx.db.ciConfigCheck.upsert({ where: { serviceId }, create: { serviceId, ...data }, update: data }),
    ...environments.map((e) =>
      ctx.db.environment.upsert({
        where: { id: BigInt(e.id) },
        create: { id: BigInt(e.id), serviceId, name: e.name, externalUrl: e.external_url, state: e.state, tier: e.tier },
        update: { name: e.name, externalUrl: e.external_url, state: e.state, tier: e.tier, syncedAt: now },
      }),
    ),
  ]);
}
