import { open, readFile, rm, mkdtemp, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ArtifactTool } from "@/lib/domain/cwiq";
import { BYTES_PER_MB, parseArtifact } from "@/lib/upstream/artifacts";
import { report } from "./stats";

/*
 * scans.parse_mb_per_s: a ~60 MB Trivy JSON and a ~60 MB Semgrep SARIF, generated from the real
 * fixtures' shapes, each parsed through parseArtifact (read, validate, normalise, fingerprint).
 * MB = 1,048,576 bytes; throughput = combined MB / combined seconds of the timed runs.
 */

const TARGET_BYTES = 60 * BYTES_PER_MB;
const RUNS = 3;
const FIXTURES = "test/fixtures/real";

/** Writes head, then pieces (each with its own leading separator) in ~1 MB writes up to TARGET_BYTES, then tail. */
async function writeGenerated(file: string, head: string, pieces: (i: number) => string, tail: string) {
  const handle = await open(file, "w");
  try {
    let written = 0;
    let buffer = head;
    for (let i = 0; written + buffer.length < TARGET_BYTES; i++) {
      buffer += pieces(i);
      if (buffer.length > BYTES_PER_MB) {
        await handle.write(buffer);
        written += buffer.length;
        buffer = "";
      }
    }
    await handle.write(buffer + tail);
  } finally {
    await handle.close();
  }
}

async function generateTrivyJson(file: string) {
  const real: unknown = JSON.parse(await readFile(`${FIXTURES}/trivy-json/trivy-image-alpine-310.json`, "utf8"));
  const template = JSON.stringify(firstVulnerability(real), null, 2).replace(/^/gm, "        ");
  const severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"];
  const perTarget = 200;
  const head = `{\n  "SchemaVersion": 2,\n  "ArtifactName": "registry.example.com/cwiq/server:main-4f2c1a9",\n  "ArtifactType": "container_image",\n  "Results": [\n`;
  const openResult = (n: number) =>
    `    {\n      "Target": "usr/lib/app-${n}/requirements.txt",\n      "Class": "lang-pkgs",\n      "Type": "pip",\n      "Vulnerabilities": [\n`;
  // Trivy groups vulnerabilities by target: every `perTarget` closes one Result and opens the next.
  const piece = (i: number) => {
    const vulnerability = template
      .replaceAll("CVE-2019-1549", `CVE-2024-${10000 + i}`)
      .replace('"libcrypto1.1"', `"pkg-${i % 997}"`)
      .replace('"MEDIUM"', `"${severities[i % severities.length]}"`);
    if (i === 0) return openResult(0) + vulnerability;
    if (i % perTarget === 0) return `\n      ]\n    },\n${openResult(i / perTarget)}${vulnerability}`;
    return `,\n${vulnerability}`;
  };
  await writeGenerated(file, head, piece, "\n      ]\n    }\n  ]\n}\n");
}

function firstVulnerability(doc: unknown): unknown {
  if (typeof doc === "object" && doc !== null && "Results" in doc && Array.isArray(doc.Results)) {
    const result: unknown = doc.Results[0];
    if (typeof result === "object" && result !== null && "Vulnerabilities" in result && Array.isArray(result.Vulnerabilities)) {
      return result.Vulnerabilities[0];
    }
  }
  throw new Error("bench: the Trivy fixture has no vulnerability to copy");
}

async function generateSarif(file: string) {
  const rules = Array.from({ length: 50 }, (_, r) => ({
    id: `python.lang.security.rule-${r}`,
    name: `python.lang.security.rule-${r}`,
    shortDescription: { text: `Semgrep Finding: python.lang.security.rule-${r}` },
    fullDescription: { text: "Detected a possibly dangerous construct that may lead to injection." },
    defaultConfiguration: { level: ["error", "warning", "note"][r % 3] },
    help: { text: "Avoid building queries from strings.", markdown: "Avoid building queries from strings." },
    helpUri: `https://semgrep.dev/r/python.lang.security.rule-${r}`,
    properties: { precision: "very-high", tags: ["security", "CWE-89: SQL Injection", "OWASP-A03:2021 - Injection"] },
  }));
  const head = `{\n  "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json",\n  "version": "2.1.0",\n  "runs": [\n    {\n      "tool": { "driver": { "name": "Semgrep OSS", "semanticVersion": "1.90.0", "rules": ${JSON.stringify(rules)} } },\n      "invocations": [{ "executionSuccessful": true, "toolExecutionNotifications": [] }],\n      "results": [\n`;
  const piece = (i: number) =>
    (i === 0 ? "" : ",\n") +
    JSON.stringify(
      {
        fingerprints: { "matchBasedId/v1": "requires login" },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: `src/app/module_${i % 400}/handlers.py`, uriBaseId: "%SRCROOT%" },
              region: { startLine: 10 + (i % 900), startColumn: 5, endLine: 10 + (i % 900), endColumn: 60, snippet: { text: `    cursor.execute("SELECT * FROM t WHERE id = " + request.args["id_${i}"])` } },
            },
          },
        ],
        message: { text: "Detected string concatenation with a non-literal variable in a SQL query; use parameters instead." },
        properties: {},
        ruleId: `python.lang.security.rule-${i % 50}`,
      },
      null,
      2,
    ).replace(/^/gm, "        ");
  await writeGenerated(file, head, piece, "\n      ]\n    }\n  ]\n}\n");
}

async function timeParse(file: string, tool: ArtifactTool): Promise<{ megabytes: number; seconds: number }> {
  const megabytes = (await stat(file)).size / BYTES_PER_MB;
  const input = { path: file, tool, maxBytes: 4 * TARGET_BYTES };
  const warmup = await parseArtifact(input);
  if (warmup.status !== "ok") throw new Error(`bench: generated ${tool} artifact did not parse: ${warmup.message}`);
  const start = performance.now();
  for (let i = 0; i < RUNS; i++) await parseArtifact(input);
  return { megabytes: megabytes * RUNS, seconds: (performance.now() - start) / 1000 };
}

export async function benchParse(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "stageboard-bench-parse-"));
  try {
    const trivyFile = path.join(dir, "trivy-image-results.json");
    const sarifFile = path.join(dir, "semgrep-results.sarif");
    await generateTrivyJson(trivyFile);
    await generateSarif(sarifFile);
    const trivy = await timeParse(trivyFile, "trivy-image");
    const sarif = await timeParse(sarifFile, "semgrep");
    report("scans.parse_trivy_json_mb_per_s", trivy.megabytes / trivy.seconds, "MB/s");
    report("scans.parse_sarif_mb_per_s", sarif.megabytes / sarif.seconds, "MB/s");
    report("scans.parse_mb_per_s", (trivy.megabytes + sarif.megabytes) / (trivy.seconds + sarif.seconds), "MB/s");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
