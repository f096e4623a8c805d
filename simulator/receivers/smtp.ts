import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { AlertInbox } from "./http";

/*
 * A real SMTP server in-process (smtp-server) that files each message in the alert inbox as channel
 * "email". Faults from the inbox make the next messages fail: 500 and timeout answer 451 (try again
 * later), drop closes the connection.
 */

function header(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const match = new RegExp(`^${name}:\\s*(.*)$`, "im").exec(unfolded);
  return match?.[1]?.trim() ?? null;
}

/** RFC 2047 encoded words (nodemailer encodes a subject with emoji), decoded for the inbox. */
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toLowerCase() === "b" ? Buffer.from(text, "base64").toString("utf8") : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
}

export async function startSmtpReceiver(inbox: AlertInbox, options: { port?: number; user?: string; password?: string } = {}) {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: !options.user,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) return callback(null, { user: auth.username });
      callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.counts.requests += 1;
        const fault = inbox.takeFault("email");
        if (fault && fault.kind !== "slow") {
          inbox.counts.failedByFault += 1;
          if (fault.kind === "drop") {
            session.envelope.rcptTo = [];
            (stream as unknown as { destroy?: () => void }).destroy?.();
          }
          const error = Object.assign(new Error("try again later"), { responseCode: 451 });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const subject = decodeWords(header(raw, "Subject") ?? "");
        inbox.accept({
          channel: "email",
          deliveryId: header(raw, "X-Stageboard-Delivery"),
          state: header(raw, "X-Stageboard-State"),
          title: subject.replace(/^\S+ (FIRING|RESOLVED): /, ""),
          signatureValid: null,
          receivedAt: Date.now(),
          body: { to: session.envelope.rcptTo.map((r) => r.address), subject },
        });
        callback();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
