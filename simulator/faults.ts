import { z } from "zod";
import { Rng } from "./random";

/**
 * Upstream trouble injected at runtime, deterministically: count mode hits the next N API requests,
 * probability mode draws from a seeded stream (optionally for a limited real-time duration).
 */
export const faultSpecSchema = z.object({
  kind: z.enum(["5xx", "429", "slow", "drop", "malformed"]),
  /** Next N matching requests (default 1 without probability; unlimited with it). */
  count: z.number().int().positive().optional(),
  /** Each matching request is hit with this probability (seeded). */
  probability: z.number().min(0).max(1).optional(),
  /** Real-time lifetime of the fault; without it, it lasts until used up or cleared. */
  durationMs: z.number().int().positive().optional(),
  /** Only requests whose path contains this text, e.g. `/jobs`. */
  path: z.string().optional(),
  /** 5xx: always this status; otherwise 500, 502, 503 in turn. */
  status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  /** 429: Retry-After seconds (default 1). */
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  /** 429: a bare 429 without Retry-After or RateLimit-* headers. */
  withoutHeaders: z.boolean().optional(),
  /** slow: delay before answering (default 1500 ms). */
  delayMs: z.number().int().nonnegative().optional(),
});

export type FaultSpec = z.infer<typeof faultSpecSchema>;
export type FaultKind = FaultSpec["kind"];

export interface ActiveFault {
  spec: FaultSpec;
  /** Hits left; Infinity in unlimited probability mode. */
  remaining: number;
  /** Real epoch ms after which the fault expires. */
  until: number;
}

/** What the server does to one request. */
export type FaultAction =
  | { kind: "5xx"; status: 500 | 502 | 503 | 504 }
  | { kind: "429"; retryAfterSeconds: number; withoutHeaders: boolean }
  | { kind: "slow"; delayMs: number }
  | { kind: "drop" }
  | { kind: "malformed" };

const ROTATION = [500, 502, 503] as const;

export class FaultController {
  private active: ActiveFault[] = [];
  private rng: Rng;
  private rotation = 0;

  constructor(
    private readonly seed: number,
    private readonly realNow: () => number = Date.now,
  ) {
    this.rng = Rng.derive(seed, "faults");
  }

  /** Replaces all active faults (and restarts the seeded stream, so a test run repeats exactly). */
  set(specs: FaultSpec | readonly FaultSpec[]): void {
    this.active = [];
    this.rng = Rng.derive(this.seed, "faults");
    this.rotation = 0;
    for (const spec of Array.isArray(specs) ? specs : [specs]) this.add(spec);
  }

  add(spec: FaultSpec): void {
    const parsed = faultSpecSchema.parse(spec);
    const remaining = parsed.count ?? (parsed.probability !== undefined ? Infinity : 1);
    const until = parsed.durationMs !== undefined ? this.realNow() + parsed.durationMs : Infinity;
    this.active.push({ spec: parsed, remaining, until });
  }

  clear(): void {
    this.active = [];
  }

  list(): ActiveFault[] {
    this.expire();
    return this.active.map((fault) => ({ ...fault, spec: { ...fault.spec } }));
  }

  /** The fault to apply to a request for `path`, if any; consumes a hit. */
  next(path: string): FaultAction | null {
    this.expire();
    for (const fault of this.active) {
      const { spec } = fault;
      if (spec.path !== undefined && !path.includes(spec.path)) continue;
      if (spec.probability !== undefined && !(this.rng.next() < spec.probability)) continue;
      fault.remaining -= 1;
      this.expire();
      return this.action(spec);
    }
    return null;
  }

  private action(spec: FaultSpec): FaultAction {
    switch (spec.kind) {
      case "5xx": {
        const status = spec.status ?? ROTATION[this.rotation++ % ROTATION.length] ?? 500;
        return { kind: "5xx", status };
      }
      case "429":
        return { kind: "429", retryAfterSeconds: spec.retryAfterSeconds ?? 1, withoutHeaders: spec.withoutHeaders ?? false };
      case "slow":
        return { kind: "slow", delayMs: spec.delayMs ?? 1500 };
      case "drop":
        return { kind: "drop" };
      case "malformed":
        return { kind: "malformed" };
    }
  }

  private expire(): void {
    const now = this.realNow();
    this.active = this.active.filter((fault) => fault.remaining > 0 && fault.until > now);
  }
}
