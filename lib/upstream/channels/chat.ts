import type { AlertMessage } from "./message";
import { absoluteLinks, alertPageLink, headline } from "./message";

/* Slack-compatible incoming webhooks (Block Kit) and Microsoft Teams (an Adaptive Card in a message). */

export function slackPayload(m: AlertMessage, publicUrl: string | undefined): unknown {
  const links = [...alertPageLink(m, publicUrl), ...absoluteLinks(m.detail.links, publicUrl)];
  const facts = m.detail.facts ?? [];
  return {
    text: headline(m),
    blocks: [
      { type: "header", text: { type: "plain_text", text: headline(m).slice(0, 150), emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: m.detail.message.slice(0, 2900) } },
      ...(facts.length ? [{ type: "section", fields: facts.slice(0, 10).map((f) => ({ type: "mrkdwn", text: `*${f.name}*\n${f.value}`.slice(0, 2000) })) }] : []),
      ...(links.length
        ? [{ type: "actions", elements: links.slice(0, 5).map((l, i) => ({ type: "button", text: { type: "plain_text", text: l.label.slice(0, 75) }, url: l.url, action_id: `link-${i}` })) }]
        : []),
      { type: "context", elements: [{ type: "mrkdwn", text: `${m.rule} · ${m.service ?? "Stageboard"} · ${m.eventAt.toISOString()}` }] },
    ],
  };
}

export function teamsPayload(m: AlertMessage, publicUrl: string | undefined): unknown {
  const links = [...alertPageLink(m, publicUrl), ...absoluteLinks(m.detail.links, publicUrl)];
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: headline(m), weight: "Bolder", size: "Medium", wrap: true, color: m.kind === "firing" ? "Attention" : "Good" },
            { type: "TextBlock", text: m.detail.message, wrap: true },
            ...(m.detail.facts?.length ? [{ type: "FactSet", facts: m.detail.facts.map((f) => ({ title: f.name, value: f.value })) }] : []),
            { type: "TextBlock", text: `${m.rule} · ${m.service ?? "Stageboard"} · ${m.eventAt.toISOString()}`, isSubtle: true, size: "Small", wrap: true },
          ],
          actions: links.slice(0, 5).map((l) => ({ type: "Action.OpenUrl", title: l.label, url: l.url })),
        },
      },
    ],
  };
}
