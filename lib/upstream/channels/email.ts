import nodemailer from "nodemailer";
import { UpstreamError } from "@/lib/upstream/transport";
import type { AlertMessage } from "./message";
import { absoluteLinks, alertPageLink, headline } from "./message";

/** E-mail over SMTP (nodemailer): a plain-text and an HTML part, the delivery id as Message-ID. */
export interface EmailChannel {
  smtpUrl: string;
  from: string;
  to: readonly string[];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function emailContent(m: AlertMessage, publicUrl: string | undefined) {
  const links = [...alertPageLink(m, publicUrl), ...absoluteLinks(m.detail.links, publicUrl)];
  const facts = m.detail.facts ?? [];
  const text = [headline(m), "", m.detail.message, "", ...facts.map((f) => `${f.name}: ${f.value}`), "", ...links.map((l) => `${l.label}: ${l.url}`)].join("\n");
  const html = `<h2>${escapeHtml(headline(m))}</h2><p>${escapeHtml(m.detail.message)}</p>${
    facts.length ? `<table>${facts.map((f) => `<tr><th align="left">${escapeHtml(f.name)}</th><td>${escapeHtml(f.value)}</td></tr>`).join("")}</table>` : ""
  }<ul>${links.map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></li>`).join("")}</ul>`;
  return { subject: headline(m), text, html };
}

/** SMTP answers: 4xx and connection trouble are worth trying again, 5xx (rejected recipient, auth) are not. */
function classify(error: unknown): UpstreamError {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const code = e.responseCode;
  const what = `the SMTP server ${code ? `answered ${code}` : `failed (${e.code ?? "error"})`}`;
  if (e.code === "EAUTH") return new UpstreamError("auth", `${what}: authentication rejected`);
  if (code !== undefined && code >= 500) return new UpstreamError("invalid_response", what, code);
  if (e.code === "ETIMEDOUT" || e.code === "ETIMEOUT") return new UpstreamError("timeout", what);
  return new UpstreamError(code !== undefined ? "upstream" : "network", what, code);
}

export function createEmailSender(channel: EmailChannel, timeoutMs: number, publicUrl: string | undefined) {
  const transport = nodemailer.createTransport(channel.smtpUrl, {
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(m: AlertMessage): Promise<void> {
      const content = emailContent(m, publicUrl);
      try {
        await transport.sendMail({
          from: channel.from,
          to: [...channel.to],
          messageId: `<${m.deliveryId}@stageboard>`,
          headers: { "X-Stageboard-Delivery": m.deliveryId, "X-Stageboard-State": m.kind },
          ...content,
        });
      } catch (error) {
        throw classify(error);
      }
    },
    close: () => transport.close(),
  };
}
