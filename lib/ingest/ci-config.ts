import { checkCiConfig } from "@/lib/domain/branch-rules/ci-config";
import { UpstreamError } from "@/lib/upstream/transport";
import type { SyncContext } from "./project-sync";

export const CI_FILE = ".gitlab-ci.yml";
export const CI_REF = "main";
/** The CI file and environments change rarely: read them at most once an hour per service. */
export const CI_CHECK_INTERVAL_MS = 3_600_000;

/**
 * Reads the service's `.gitlab-ci.yml` at main and its environments when the last check is older
 * than the interval, and records what the file breaks; otherwise makes no request at all.
 */
export async function checkCiConfigIfDue(ctx: SyncContext, serviceId: number, service: string, projectId: number): Promise<boolean> {
  const now = (ctx.now ?? (() => new Date()))();
  const last = await ctx.db.ciConfigCheck.findUnique({ where: { serviceId }, select: { checkedAt: true } });
  if (last && now.getTime() - last.checkedAt.getTime() < CI_CHECK_INTERVAL_MS) return false;

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
  return true;
}
