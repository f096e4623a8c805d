import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/*
 * The simulated platform's alert receivers: where demo mode and the tests send alerts. One HTTP
 * receiver takes the generic webhook (checking its HMAC signature), Slack and Teams at
 * `/receiver/<channel>`; faults make the next deliveries answer 500, hang past the sender's timeout, or
 * drop the connection. A delivery counts as received only when it was answered 2xx, as a sender sees it.
 */

export const receiverFaultSchema = z.object({
  /** 500: answer 500; timeout: hang, then close without an answer; drop: close at once; slow: answer 2xx after delayMs. */
  kind: z.enum(["500", "timeout", "drop", "slow"]),
  /** The next N deliveries (default 1). */
  count: z.number().int().positive().optional(),
  /** timeout: how long to hang before closing the connection (default 10 s). */
  delayMs: z.number().int().nonnegative().optional(),
  /** Only this channel (webhook, slack, teams); all by default. */
  channel: z.string().optional(),
});
export type ReceiverFault = z.infer<typeof receiverFaultSchema>;

export interface ReceivedAlert {
  channel: string;
  /** X-Stageboard-Delivery (webhook, e-mail) or null (Slack and Teams carry none). */
  deliveryId: string | null;
  /** firing | resolved, as the message says. */
  state: string | null;
  title: string;
  /** The generic webhook's signature checked against the shared secret; null for other channels. */
  signatureValid: boolean | null;
  receivedAt: number;
  body: unknown;
}

export interface ReceiverCounts {
  /** Every request that reached the receiver, answered or not. */
  requests: number;
  failedByFault: number;
}

export class AlertInbox {
  readonly received: ReceivedAlert[] = [];
  readonly counts: ReceiverCounts = { requests: 0, failedByFault: 0 };
  private faults: Array<ReceiverFault & { remaining: number }> = [];
  /** Called for each accepted delivery (the bench measures latency with it). */
  onReceived?: (alert: ReceivedAlert) => void;

  setFaults(faults: readonly ReceiverFault[]): void {
    this.faults = faults.map((f) => ({ ...receiverFaultSchema.parse(f), remaining: f.count ?? 1 }));
  }

  reset(): void {
    this.received.length = 0;
    this.counts.requests = 0;
    this.counts.failedByFault = 0;
    this.faults = [];
  }

  /** The fault that hits the next delivery on `channel`, if any. */
  takeFault(channel: string): ReceiverFault | null {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.channel || f.channel === channel));
    if (!fault) return null;
    fault.remaining -= 1;
    return fault;
  }

  accept(alert: ReceivedAlert): void {
    this.received.push(alert);
    this.onReceived?.(alert);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const validSignature = (secret: string, body: string, header: string | undefined): boolean => {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** What a Slack or Teams message says its state and title are. */
function chatSummary(channel: string, body: unknown): { state: string | null; title: string } {
  const text =
    channel === "slack"
      ? String((body as { text?: unknown }).text ?? "")
      : String(((body as { attachments?: Array<{ content?: { body?: Array<{ text?: unknown }> } }> }).attachments?.[0]?.content?.body?.[0]?.text) ?? "");
  const state = /FIRING/.test(text) ? "firing" : /RESOLVED/.test(text) ? "resolved" : null;
  return { state, title: text.replace(/^\S+ (FIRING|RESOLVED): /, "") };
}

/** Handles POST /receiver/<channel>; `secret` checks the generic webhook's signature. */
export async function handleReceiver(inbox: AlertInbox, secret: string, channel: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const raw = await readBody(req);
  inbox.counts.requests += 1;
  const fault = inbox.takeFault(channel);
  if (fault?.kind === "slow") await new Promise((r) => setTimeout(r, fault.delayMs ?? 1_000));
  else if (fault) {
    inbox.counts.failedByFault += 1;
    if (fault.kind === "500") {
      res.writeHead(500, { "content-type": "text/plain" }).end("receiver fault\n");
      return;
    }
    if (fault.kind === "drop") {
      req.socket.destroy();
      return;
    }
    await new Promise((r) => setTimeout(r, fault.delayMs ?? 10_000));
    req.socket.destroy();
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    res.writeHead(400, { "content-type": "text/plain" }).end("body must be JSON\n");
    return;
  }
  if (channel === "webhook") {
    const payload = body as { delivery_id?: string; state?: string; title?: string };
    const header = req.headers["x-stageboard-signature"];
    inbox.accept({
      channel,
      deliveryId: typeof req.headers["x-stageboard-delivery"] === "string" ? req.headers["x-stageboard-delivery"] : (payload.delivery_id ?? null),
      state: payload.state ?? null,
      title: payload.title ?? "",
      signatureValid: validSignature(secret, raw, typeof header === "string" ? header : undefined),
      receivedAt: Date.now(),
      body,
    });
  } else {
    inbox.accept({ channel, deliveryId: null, ...chatSummary(channel, body), signatureValid: null, receivedAt: Date.now(), body });
  }
  res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
}

export const RECEIVER_PREFIX = "/receiver/";
export const RECEIVER_CHANNELS = ["webhook", "slack", "teams"] as const;

/** A receiver on its own port, for tests that need no simulated GitLab. */
export async function startAlertReceiver(options: { secret: string; port?: number }): Promise<{ url: string; inbox: AlertInbox; close(): Promise<void> }> {
  const inbox = new AlertInbox();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const channel = path.startsWith(RECEIVER_PREFIX) ? path.slice(RECEIVER_PREFIX.length) : "";
    if (req.method !== "POST" || !(RECEIVER_CHANNELS as readonly string[]).includes(channel)) {
      res.writeHead(404).end();
      return;
    }
    handleReceiver(inbox, options.secret, channel, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inbox,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
