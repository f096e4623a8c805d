import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { GET as getJson } from "../route";
import { GET } from "./route";

/* The CSV export and the JSON route as Next runs them, against a real database. */
let tdb: TestDatabase;
const ROWS = 2_600; // more than one CSV batch

beforeAll(async () => {
  tdb = await createTestDatabase();
  process.env.DATABASE_URL = tdb.url;
  const server = await tdb.db.service.create({ data: { name: "server", projectRef: "cwiq/server" } });
  const ui = await tdb.db.service.create({ data: { name: "ui", projectRef: "cwiq/ui" } });
  // Open findings of server: every third HIGH, the rest LOW; one title a spreadsheet would run. Plus ui's.
  await tdb.db.$executeRaw`
    INSERT INTO finding (service_id, tool, fingerprint, category, rule_id, severity, title, location, links,
                         first_seen_at, last_seen_at, first_pipeline_id, last_pipeline_id, last_job_id, open)
    SELECT ${server.id}, 'trivy-image', 'fp-' || i, 'vulnerability', 'CVE-' || i, CASE WHEN i % 3 = 0 THEN 'HIGH' ELSE 'LOW' END,
           CASE WHEN i = 3 THEN '=HYPERLINK("http://evil.example")' ELSE 'pkg ' || i || ', "quoted"' END,
           'requirements.txt', '{}', now() - i * interval '1 hour', now(), 1, 1, 1, true
    FROM generate_series(1, ${ROWS}) AS i`;
  await tdb.db.$executeRaw`
    INSERT INTO finding (service_id, tool, fingerprint, category, rule_id, severity, title, location, links,
                         first_seen_at, last_seen_at, first_pipeline_id, last_pipeline_id, last_job_id, open)
    SELECT ${ui.id}, 'semgrep', 'ui-' || i, 'code', 'rule', 'HIGH', 'ui finding', 'app.ts', '{}', now(), now(), 1, 1, 1, true
    FROM generate_series(1, 10) AS i`;
});

afterAll(async () => {
  delete process.env.DATABASE_URL;
  await tdb.drop();
});

/** Splits CSV text into records, honouring quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return records;
}

describe("GET /api/security/findings.csv", () => {
  it("streams every filtered row (not only a page) as an attachment, quoted and defused", async () => {
    const response = await GET(new Request("http://localhost/api/security/findings.csv?service=server&severity=HIGH&perPage=5"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="stageboard-findings-\d{4}-\d{2}-\d{2}\.csv"$/);
    const records = parseCsv(await response.text());
    expect(records[0]?.slice(0, 4)).toEqual(["service", "scanner", "severity", "title"]);
    const rows = records.slice(1);
    expect(rows).toHaveLength(Math.floor(ROWS / 3));
    expect(new Set(rows.map((r) => r[3])).size).toBe(rows.length);
    for (const row of rows) expect(row.slice(0, 3)).toEqual(["server", "trivy-image", "HIGH"]);
    expect(rows.map((r) => r[3])).toContain('\'=HYPERLINK("http://evil.example")');
    expect(rows.map((r) => r[3])).toContain('pkg 6, "quoted"');
    // Most severe and oldest first, as the table shows them.
    expect(rows[0]?.[3]).toBe(`pkg ${ROWS - (ROWS % 3)}, "quoted"`);
  });

  it("walks past the first batch without losing or repeating a row", async () => {
    const response = await GET(new Request("http://localhost/api/security/findings.csv?service=server&sort=title&dir=asc"));
    const rows = parseCsv(await response.text()).slice(1);
    expect(rows).toHaveLength(ROWS);
    expect(new Set(rows.map((r) => r[3])).size).toBe(ROWS);
  });

  it("answers 400 with a message for a bad filter", async () => {
    const response = await GET(new Request("http://localhost/api/security/findings.csv?state=closed"));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "state: state must be one of open, verified, false_positive, risk_accepted, duplicate, mitigated" });
    expect((await GET(new Request("http://localhost/api/security/findings.csv?severity=HIGH&severity=LOW"))).status).toBe(400);
  });
});

describe("GET /api/security", () => {
  it("answers the page's JSON, and 400 for bad input", async () => {
    const response = await getJson(new Request("http://localhost/api/security?service=ui&perPage=3"));
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    expect(body).toMatchObject({ findings: { total: 10, perPage: 3, pageCount: 4 }, openNow: [{ service: "ui", critical: 0, high: 10 }] });
    expect((await getJson(new Request("http://localhost/api/security?period=14"))).status).toBe(400);
    expect((await getJson(new Request("http://localhost/api/security?service=%00"))).status).toBe(400);
  });
});
