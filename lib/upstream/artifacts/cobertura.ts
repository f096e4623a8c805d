import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { isRecord, validate } from "./json";
import { ArtifactError, type CoverageSummary } from "./types";

/*
 * Cobertura XML as coverage.py writes it (`pytest --cov --cov-report=xml`). Only the totals on the
 * root <coverage> element are read; per-file detail (<packages>) is kept as unparsed text.
 */

const number = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, "expected a number")
  .transform(Number);

const coverageAttributes = z.object({
  "line-rate": number,
  "lines-valid": number.optional(),
  "lines-covered": number.optional(),
  "branch-rate": number.optional(),
  "branches-valid": number.optional(),
  "branches-covered": number.optional(),
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  parseTagValue: false,
  processEntities: false,
  stopNodes: ["coverage.packages", "coverage.sources"],
});

export function parseCobertura(text: string): CoverageSummary {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("<")) throw new ArtifactError("not XML: Cobertura coverage is an XML file starting with <");
  const check = XMLValidator.validate(trimmed);
  if (check !== true) {
    const { msg, line, col } = check.err;
    const open = unclosedTags(msg);
    if (open) throw new ArtifactError(`truncated XML: the file ends with ${open.map((t) => `<${t}>`).join(", ")} still open`);
    throw new ArtifactError(`malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  const doc: unknown = parser.parse(trimmed);
  const root = isRecord(doc) ? Object.keys(doc).find((key) => !key.startsWith("?") && !key.startsWith("#")) : undefined;
  if (root === "testsuites" || root === "testsuite") {
    throw new ArtifactError(`not Cobertura coverage: this is a JUnit XML test report (root element <${root}>)`);
  }
  if (root !== "coverage" || !isRecord(doc)) {
    throw new ArtifactError(`not Cobertura coverage: root element is <${root ?? "none"}>, expected <coverage>`);
  }
  const attributes = validate(coverageAttributes, doc.coverage, "Cobertura <coverage> attributes");
  const branchesValid = attributes["branches-valid"] ?? null;
  return {
    lineRate: attributes["line-rate"],
    linesValid: attributes["lines-valid"] ?? null,
    linesCovered: attributes["lines-covered"] ?? null,
    // coverage.py ≥7.x writes branch-rate="1" when it measured no branches; that is not 100 %.
    branchRate: branchesValid === 0 ? null : (attributes["branch-rate"] ?? null),
    branchesValid,
    branchesCovered: attributes["branches-covered"] ?? null,
  };
}

/** fast-xml-parser's validator reports tags left open at the end of input as "Unclosed tag 'a'." or "Invalid '["a","b"]' found.". */
function unclosedTags(message: string): string[] | null {
  const single = /^Unclosed tag '([^']+)'\.$/.exec(message);
  if (single?.[1]) return [single[1]];
  const list = /^Invalid '\[(.*)\]' found\.$/.exec(message);
  if (!list?.[1]) return null;
  return [...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "");
}
