import { DAY_MS } from "@/lib/domain/time";
import { CODE_FILES, ecosystemOf, type Ecosystem } from "../findings/catalog";
import { Rng } from "../random";

/**
 * Issues SonarQube finds by itself (code smells and bugs), beside the Semgrep and Trivy findings it
 * imports. Generated lazily a week at a time per project, each week from its own derived stream.
 */

export type SonarLegacySeverity = "BLOCKER" | "CRITICAL" | "MAJOR" | "MINOR" | "INFO";
export type SonarIssueType = "CODE_SMELL" | "BUG" | "VULNERABILITY";

interface OwnRule {
  rule: string;
  type: SonarIssueType;
  severity: SonarLegacySeverity;
  message: string;
}

const EPOCH_MS = 7 * DAY_MS;

const RULES: Readonly<Record<Ecosystem, readonly OwnRule[]>> = {
  python: [
    { rule: "python:S3776", type: "CODE_SMELL", severity: "CRITICAL", message: "Refactor this function to reduce its Cognitive Complexity from 21 to the 15 allowed." },
    { rule: "python:S1192", type: "CODE_SMELL", severity: "CRITICAL", message: 'Define a constant instead of duplicating this literal "application/json" 4 times.' },
    { rule: "python:S1481", type: "CODE_SMELL", severity: "MINOR", message: 'Remove the unused local variable "result".' },
    { rule: "python:S125", type: "CODE_SMELL", severity: "MAJOR", message: "Remove this commented out code." },
    { rule: "python:S1172", type: "CODE_SMELL", severity: "MAJOR", message: 'Remove the unused function parameter "request".' },
    { rule: "python:S5727", type: "BUG", severity: "CRITICAL", message: "Remove this identity check; it will always be False." },
    { rule: "python:S5644", type: "BUG", severity: "MAJOR", message: 'Fix this code; "settings" does not have a "__getitem__" method.' },
  ],
  node: [
    { rule: "typescript:S3776", type: "CODE_SMELL", severity: "CRITICAL", message: "Refactor this function to reduce its Cognitive Complexity from 18 to the 15 allowed." },
    { rule: "typescript:S1854", type: "CODE_SMELL", severity: "MAJOR", message: 'Remove this useless assignment to variable "data".' },
    { rule: "typescript:S4325", type: "CODE_SMELL", severity: "MINOR", message: "This assertion is unnecessary since it does not change the type of the expression." },
    { rule: "typescript:S6481", type: "CODE_SMELL", severity: "MAJOR", message: "The object passed as the value prop to the Context provider changes every render." },
    { rule: "typescript:S1135", type: "CODE_SMELL", severity: "INFO", message: 'Complete the task associated to this "TODO" comment.' },
    { rule: "typescript:S2871", type: "BUG", severity: "CRITICAL", message: "Provide a compare function to avoid sorting elements alphabetically." },
    { rule: "typescript:S6544", type: "BUG", severity: "MAJOR", message: "Promise-returning function provided to attribute where a void return was expected." },
  ],
};

export interface OwnIssue extends OwnRule {
  /** SonarQube issue keys are UUIDs (older: 20-character ids). */
  key: string;
  file: string;
  line: number;
  introducedAt: number;
  fixedAt: number;
}

export function uuidFrom(rng: Rng): string {
  const hex = rng.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function lifetimeMs(rng: Rng): number {
  const kind = rng.weighted<"days" | "weeks" | "months" | "never">([["days", 45], ["weeks", 35], ["months", 15], ["never", 5]]);
  if (kind === "never") return Infinity;
  const [min, max] = kind === "days" ? [1, 6] : kind === "weeks" ? [8, 40] : [45, 150];
  return Math.round(rng.float(min, max) * DAY_MS);
}

/** One project's own issues, kept sorted by introduction time. */
export class OwnIssues {
  private readonly issues: OwnIssue[] = [];
  private epochs = 0;
  private readonly rules: readonly OwnRule[];
  private readonly files: readonly string[];

  constructor(
    private readonly seed: number,
    private readonly projectId: number,
    projectName: string,
    private readonly since: number,
  ) {
    const ecosystem = ecosystemOf(projectName);
    this.rules = RULES[ecosystem];
    this.files = CODE_FILES[ecosystem];
  }

  /** Issues present in code committed at `t`. */
  openAt(t: number): OwnIssue[] {
    const needed = Math.floor((t - this.since) / EPOCH_MS) + 1;
    while (this.epochs < needed) this.generate(this.epochs++);
    return this.issues.filter((issue) => issue.introducedAt <= t && t < issue.fixedAt);
  }

  private generate(epoch: number): void {
    const rng = Rng.derive(this.seed, "sonar-own-issues", this.projectId, epoch);
    const start = this.since + epoch * EPOCH_MS;
    const count = rng.int(1, 3);
    const times = Array.from({ length: count }, () => start + Math.floor(rng.next() * EPOCH_MS)).sort((a, b) => a - b);
    for (const introducedAt of times) {
      const rule = rng.pick(this.rules);
      this.issues.push({
        ...rule,
        key: uuidFrom(rng),
        file: rng.pick(this.files),
        line: rng.int(8, 380),
        introducedAt,
        fixedAt: introducedAt + lifetimeMs(rng),
      });
    }
  }
}
