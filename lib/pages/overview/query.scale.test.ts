import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { getOverview } from "./query";


/*
 * The overview must stay well under 50 ms with a realistic history loaded:
 * 10,000 pipelines and 160,000 jobs over four services, half on main, the rest spread over
 * 150 branches and tags — and one branch pushed so often that the other refs sit 600 of its pipelines below it.
 */
describe("getOverview at scale", () => {
  let tdb: TestDatabase;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const db = tdb.db;
    await db.$executeRawUnsafe(`
      INSERT INTO service (id, name, project_ref)
      SELECT i, n, 'cwiq/' || n FROM unnest(ARRAY['server', 'iam-api', 'ui', 'executor']) WITH ORDINALITY AS s(n, i)`);
    await db.$executeRawUnsafe(`
      INSERT INTO pipeline (id, iid, service_id, ref, ref_kind, sha, source, status, commit_title,
                            created_at, updated_at, started_at, finished_at, duration, queued_duration, web_url)
      SELECT g, g, kind.service_id, kind.ref, kind.ref_kind::"RefKind", md5(g::text) || substr(md5(g::text), 1, 8),
             'push', CASE WHEN g % 7 = 0 THEN 'failed' ELSE 'success' END, 'commit ' || g,
             t, t + interval '20 minutes', t + interval '10 seconds', t + interval '15 minutes', 890, 10,
             'https://gitlab.example/p/' || g
      FROM generate_series(1, 10000) AS g
      CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00' + g * interval '5 minutes' AS t) AS ts
      CROSS JOIN LATERAL (
        SELECT (g % 4) + 1 AS service_id,
               CASE WHEN g % 10 < 5 THEN 'main'
                    WHEN g % 10 = 9 THEN 'v1.' || (g / 40)
                    WHEN g > 5000 AND g % 4 = 0 THEN 'feature/hot'
                    ELSE 'feature/' || (g % 150) END AS ref,
               CASE WHEN g % 10 < 5 THEN 'MAIN' WHEN g % 10 = 9 THEN 'TAG' ELSE 'BRANCH' END AS ref_kind
      ) AS kind`);
    await db.$executeRawUnsafe(`
      INSERT INTO stage_result (pipeline_id, stage, position, status, started_at, finished_at)
      SELECT p.id, s.stage, s.pos - 1, 'success', p.started_at, p.finished_at
      FROM pipeline p
      CROSS JOIN unnest(ARRAY['validate','test','build','push','scan','release','deploy-dev','migrate','verify']) WITH ORDINALITY AS s(stage, pos)
      WHERE p.ref_kind = 'MAIN' OR s.pos <= 3`);
    await db.$executeRawUnsafe(`
      INSERT INTO job (id, pipeline_id, service_id, stage, name, status, allow_failure, created_at, started_at, finished_at, duration, web_url)
      SELECT p.id * 100 + j, p.id, p.service_id, 'validate', 'job-' || j, 'success', false,
             p.created_at, p.started_at, p.finished_at, 60, 'https://gitlab.example/j/' || (p.id * 100 + j)
      FROM pipeline p CROSS JOIN generate_series(1, 16) AS j`);
    await db.$executeRawUnsafe(`ANALYZE`);
  });

  afterAll(async () => {
    await tdb?.drop();
  });

  it("picks the right pipelines among 10,000 pipelines and 160,000 jobs (timing: npm run bench)", async () => {
    const db = tdb.db;
    const counts = await db.$queryRaw<{ pipelines: bigint; jobs: bigint }[]>`
      SELECT (SELECT count(*) FROM pipeline) AS pipelines, (SELECT count(*) FROM job) AS jobs`;
    const { pipelines, jobs } = counts[0] ?? { pipelines: 0n, jobs: 0n };
    expect(Number(pipelines)).toBe(10_000);
    expect(Number(jobs)).toBe(160_000);

    const first = await getOverview(db);
    // Sanity: the answer is the real one, not a fast wrong one.
    const server = first.services.find((s) => s.name === "server");
    // server has ids ≡ 0 (mod 4); main when id mod 10 < 5; every branch pipeline above 5000 is feature/hot.
    expect(server?.latestMain?.id).toBe(10_000);
    expect(server?.latestMain?.stages.map((c) => c.status)).toEqual(Array(9).fill("success"));
    expect(server?.otherRefs.map((p) => [p.ref, p.id])).toEqual([
      ["feature/hot", 9996],
      ["feature/46", 4996],
      ["feature/38", 4988],
      ["feature/26", 4976],
      ["feature/18", 4968],
    ]);

  });
});
