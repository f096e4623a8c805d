import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArtifact } from "./artifact";
import { DEFAULT_MAX_ARTIFACT_BYTES } from "./read";
import { replaceKey } from "./testing";

/* Bad input never throws: each kind of broken artifact gives its own clear message. */

const REAL = "test/fixtures/real";
const TRIVY_JSON = `${REAL}/trivy-json/trivy-image-alpine-310.json`;
const TRIVY_SARIF = `${REAL}/sarif/trivy-image-alpine-310.sarif`;
const SEMGREP_SARIF = `${REAL}/sarif/semgrep-basic-output-format.sarif`;
const COVERAGE = `${REAL}/coverage/coveragepy-7.11-cobertura-two-packages.xml`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "stageboard-scans-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeTemp(name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

describe("parseArtifact errors", () => {
  it("defaults to a 50 MB limit", () => {
    expect(DEFAULT_MAX_ARTIFACT_BYTES).toBe(50 * 1024 * 1024);
  });

  it("missing file", async () => {
    const result = await parseArtifact({ path: path.join(dir, "semgrep-results.sarif") });
    expect(result).toEqual({ status: "error", tool: "semgrep", message: "file not found" });
  });

  it("a directory", async () => {
    const result = await parseArtifact({ path: dir, tool: "trivy-fs" });
    expect(result).toEqual({ status: "error", tool: "trivy-fs", message: "is a directory, not a file" });
  });

  it("empty (0 bytes)", async () => {
    const file = await writeTemp("trivy-image-results.json", "");
    expect(await parseArtifact({ path: file })).toEqual({ status: "error", tool: "trivy-image", message: "empty file (0 bytes)" });
  });

  it("whitespace only", async () => {
    const result = await parseArtifact({ bytes: "\n  \n", name: "build.env" });
    expect(result).toEqual({ status: "error", tool: "dotenv", message: "empty file (4 bytes of whitespace only)" });
  });

  it("oversized file is refused from its size, before reading", async () => {
    const size = (await readFile(TRIVY_JSON)).byteLength;
    const result = await parseArtifact({ path: TRIVY_JSON, maxBytes: 1000 });
    expect(result).toEqual({ status: "error", tool: "trivy-image", message: `too large: ${size} bytes, over the limit of 1000 bytes` });
  });

  it("oversized bytes and streams", async () => {
    const bytes = await readFile(TRIVY_JSON);
    expect(await parseArtifact({ bytes, tool: "trivy-image", maxBytes: 100 })).toMatchObject({
      status: "error",
      message: `too large: ${bytes.byteLength} bytes, over the limit of 100 bytes`,
    });
    async function* chunks() {
      for (let i = 0; i < bytes.byteLength; i += 64) yield bytes.subarray(i, i + 64);
    }
    expect(await parseArtifact({ stream: chunks(), tool: "trivy-image", maxBytes: 100 })).toMatchObject({
      status: "error",
      message: "too large: more than the limit of 100 bytes",
    });
  });

  it("a stream under the limit parses", async () => {
    const bytes = await readFile(TRIVY_JSON);
    async function* chunks() {
      for (let i = 0; i < bytes.byteLength; i += 1000) yield bytes.subarray(i, i + 1000);
    }
    const result = await parseArtifact({ stream: chunks(), name: "trivy-image-results.json" });
    expect(result).toMatchObject({ status: "ok", tool: "trivy-image", countsBySeverity: { MEDIUM: 4 } });
  });

  it("truncated JSON (end cut off)", async () => {
    const text = await readFile(TRIVY_JSON, "utf8");
    for (const cut of [0.5, 0.9]) {
      const file = await writeTemp("trivy-image-results.json", text.slice(0, Math.floor(text.length * cut)));
      expect(await parseArtifact({ path: file })).toEqual({
        status: "error",
        tool: "trivy-image",
        message: "truncated JSON: the file ends before the document is complete",
      });
    }
  });

  it("malformed JSON (a piece cut out of the middle)", async () => {
    const text = await readFile(SEMGREP_SARIF, "utf8");
    const broken = text.slice(0, 1000) + text.slice(2000);
    const result = await parseArtifact({ bytes: broken, name: "semgrep-results.sarif" });
    expect(result.status === "error" && result.message).toMatch(/^malformed JSON( at line \d+, column \d+)?: \S/);
  });

  it("malformed JSON reports the line and column V8 gives", async () => {
    const result = await parseArtifact({ bytes: '{\n  "runs": []\n  "version": "2.1.0"\n}', tool: "semgrep" });
    expect(result).toMatchObject({ message: "malformed JSON at line 3, column 3: Expected ',' or '}' after property value" });
  });

  it("valid JSON that breaks the SARIF schema names the field", async () => {
    const doc = replaceKey(JSON.parse(await readFile(SEMGREP_SARIF, "utf8")), "message", () => "not an object");
    const result = await parseArtifact({ bytes: JSON.stringify(doc), tool: "semgrep" });
    expect(result.status === "error" && result.message).toMatch(/^invalid SARIF: runs\[0\]\.results\[0\]\.message: /);
  });

  it("wrong tool: Trivy SARIF given as Semgrep", async () => {
    const result = await parseArtifact({ path: TRIVY_SARIF, tool: "semgrep" });
    expect(result).toEqual({
      status: "error",
      tool: "semgrep",
      message: 'wrong tool: expected Semgrep SARIF for semgrep, but runs[0] was written by "Trivy"',
    });
  });

  it("wrong tool: Semgrep SARIF given as Trivy", async () => {
    const result = await parseArtifact({ path: SEMGREP_SARIF, tool: "trivy-fs" });
    expect(result).toMatchObject({ status: "error", message: 'wrong tool: expected Trivy SARIF for trivy-fs, but runs[0] was written by "Semgrep OSS"' });
  });

  it("wrong format: Trivy JSON given as SARIF", async () => {
    const bytes = await readFile(TRIVY_JSON);
    expect(await parseArtifact({ bytes, name: "trivy-fs-results.sarif" })).toEqual({
      status: "error",
      tool: "trivy-fs",
      message: "wrong format: the file is named .sarif but holds a Trivy JSON report, not SARIF",
    });
    expect(await parseArtifact({ bytes, tool: "semgrep" })).toMatchObject({
      status: "error",
      message: "wrong tool: expected Semgrep SARIF, but this is a Trivy JSON report",
    });
  });

  it("wrong tool: an image scan given as the filesystem scan", async () => {
    const result = await parseArtifact({ path: TRIVY_JSON, tool: "trivy-fs" });
    expect(result).toMatchObject({ status: "error", message: 'wrong tool: expected a trivy-fs report, but this Trivy JSON has ArtifactType "container_image"' });
  });

  it("coverage XML given as a scan, and a scan given as coverage or dotenv", async () => {
    expect(await parseArtifact({ path: COVERAGE, tool: "trivy-image" })).toMatchObject({
      message: "not JSON: this is an XML file, expected SARIF or a Trivy JSON report",
    });
    expect(await parseArtifact({ path: TRIVY_JSON, tool: "cobertura" })).toMatchObject({
      message: "not XML: Cobertura coverage is an XML file starting with <",
    });
    expect(await parseArtifact({ path: TRIVY_JSON, tool: "dotenv" })).toMatchObject({ message: "not a dotenv file: it looks like JSON" });
  });

  it("JSON that is neither SARIF, Trivy nor a GitLab report", async () => {
    const result = await parseArtifact({ path: `${REAL}/defectdojo-api/scan-semgrep-json-one-finding.json`, tool: "semgrep" });
    expect(result).toMatchObject({
      status: "error",
      message: "neither SARIF (no runs), a Trivy JSON report (no SchemaVersion) nor a GitLab security report (no vulnerabilities)",
    });
  });

  it("unsupported versions", async () => {
    const trivy = replaceKey(JSON.parse(await readFile(TRIVY_JSON, "utf8")), "SchemaVersion", () => 1);
    expect(await parseArtifact({ bytes: JSON.stringify(trivy), tool: "trivy-image" })).toMatchObject({
      message: "unsupported Trivy JSON SchemaVersion 1 (expected 2)",
    });
    const sarif = replaceKey(JSON.parse(await readFile(SEMGREP_SARIF, "utf8")), "version", () => "2.0.0");
    expect(await parseArtifact({ bytes: JSON.stringify(sarif), tool: "semgrep" })).toMatchObject({
      message: 'unsupported SARIF version "2.0.0" (expected 2.1.0)',
    });
  });

  it("truncated and malformed Cobertura XML", async () => {
    const text = await readFile(COVERAGE, "utf8");
    const truncated = await parseArtifact({ bytes: text.slice(0, text.indexOf("</packages>")), name: "coverage.xml" });
    expect(truncated).toMatchObject({ message: "truncated XML: the file ends with <coverage>, <packages> still open" });
    const cutAtEnd = await parseArtifact({ bytes: text.slice(0, text.indexOf("</coverage>")), name: "coverage.xml" });
    expect(cutAtEnd).toMatchObject({ message: "truncated XML: the file ends with <coverage> still open" });
    const malformed = await parseArtifact({ bytes: text.replace("</classes>", "</clases>"), name: "coverage.xml" });
    expect(malformed.status === "error" && malformed.message).toMatch(/^malformed XML at line \d+, column \d+: Expected closing tag 'classes'/);
  });

  it("binary content", async () => {
    const result = await parseArtifact({ bytes: new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00]), name: "trivy-image-results.json" });
    expect(result).toMatchObject({ status: "error", message: "binary file, not text (compressed or not an artifact report?)" });
  });
});

describe("parseArtifact tool detection", () => {
  it("CWIQ artifact names pick the tool", async () => {
    const semgrep = await readFile(SEMGREP_SARIF);
    expect(await parseArtifact({ bytes: semgrep, name: "semgrep-results.sarif" })).toMatchObject({ status: "ok", tool: "semgrep" });
    const trivy = await readFile(TRIVY_SARIF);
    expect(await parseArtifact({ bytes: trivy, name: "trivy-fs-results.sarif" })).toMatchObject({ status: "ok", tool: "trivy-fs" });
  });

  it("without a name the content decides", async () => {
    expect(await parseArtifact({ bytes: await readFile(SEMGREP_SARIF) })).toMatchObject({ status: "ok", tool: "semgrep" });
    // Only image scans list OsPackageVulnerability rules.
    expect(await parseArtifact({ bytes: await readFile(TRIVY_SARIF) })).toMatchObject({ status: "ok", tool: "trivy-image" });
    expect(await parseArtifact({ bytes: await readFile(TRIVY_JSON) })).toMatchObject({ status: "ok", tool: "trivy-image" });
    expect(await parseArtifact({ bytes: await readFile(COVERAGE) })).toMatchObject({ status: "ok", tool: "cobertura" });
    expect(await parseArtifact({ bytes: "IMAGE_TAG=main-0123abc\n" })).toMatchObject({ status: "ok", tool: "dotenv" });
  });
});
