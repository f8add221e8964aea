import type { Alert, MonitorChannel } from "@switchboard/core";

/** One HTTP request to a channel. */
export interface ChannelRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Where links in messages point. */
export interface AlertLinks {
  /** The alert in the API (and the dashboard, once its page exists). */
  alertUrl: string;
  /** A small chart of the metric around the onset. */
  chartUrl: string;
}

export const PAGERDUTY_ENQUEUE_URL = "https://events.pagerduty.com/v2/enqueue";
const PD_SUMMARY_MAX = 1024;

/** The PagerDuty dedup key: stable per monitor and onset, so trigger and resolve meet one incident. */
export function pagerDutyDedupKey(alert: Alert): string {
  return `switchboard/${alert.environment}/${alert.monitor}/${alert.onsetAt}`.slice(0, 255);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function details(alert: Alert) {
  return {
    monitor: alert.monitor,
    environment: alert.environment,
    direction: alert.direction,
    onset_at: alert.onsetAt,
    detected_at: alert.detectedAt,
    predicted: alert.expected,
    actual: alert.actual,
    spent: alert.spent,
    suspected_cause: alert.cause,
    action: alert.action,
  };
}

/** The generic webhook body: `{type, timestamp, data}` as the Standard Webhooks spec suggests (thin, < 20 kB). */
export function webhookBody(alert: Alert, event: "trigger" | "resolve", at: string): string {
  const type = event === "trigger" ? "monitor.alert.triggered" : "monitor.alert.resolved";
  return JSON.stringify({
    type,
    timestamp: at,
    data: { id: alert.id, key: alert.key, sentence: alert.sentence, ...details(alert), resolved_at: alert.resolvedAt },
  });
}

/** A Slack incoming-webhook message: fallback text plus blocks with the sentence, a chart link and a button. */
export function slackBody(alert: Alert, event: "trigger" | "resolve", links: AlertLinks): string {
  const headline =
    event === "trigger"
      ? `:rotating_light: ${alert.monitor}: ${alert.direction} detected`
      : `:white_check_mark: ${alert.monitor} recovered`;
  const text = event === "trigger" ? alert.sentence : `Resolved: ${alert.sentence}`;
  const blocks = [
    { type: "header", text: { type: "plain_text", text: truncate(headline, 150), emoji: true } },
    { type: "section", text: { type: "mrkdwn", text: truncate(text, 3000) } },
    {
      type: "context",
      elements: [
        { type: "mrkdwn", text: truncate(`<${links.chartUrl}|Chart around the onset> · ${alert.environment}`, 3000) },
      ],
    },
    {
      type: "actions",
      elements: [
        {
          type: "button",
          text: { type: "plain_text", text: "Open the alert", emoji: true },
          url: links.alertUrl,
          action_id: "open-alert",
        },
      ],
    },
  ];
  return JSON.stringify({ text: truncate(text, 3000), blocks });
}

/** A PagerDuty Events API v2 event: `trigger` with payload, or `resolve` with the same dedup key. */
export function pagerDutyBody(
  alert: Alert,
  event: "trigger" | "resolve",
  channel: Extract<MonitorChannel, { type: "pagerduty" }>,
  links: AlertLinks,
): string {
  const base = { routing_key: channel.routingKey, event_action: event, dedup_key: pagerDutyDedupKey(alert) };
  if (event === "resolve") return JSON.stringify(base);
  return JSON.stringify({
    ...base,
    payload: {
      summary: truncate(alert.sentence, PD_SUMMARY_MAX),
      source: `switchboard/${alert.environment}`,
      severity: channel.severity ?? "error",
      timestamp: alert.detectedAt,
      component: alert.monitor,
      group: alert.environment,
      class: `monitor.${alert.direction}`,
      custom_details: details(alert),
    },
    client: "Switchboard",
    client_url: links.alertUrl,
    links: [
      { href: links.alertUrl, text: "The alert" },
      { href: links.chartUrl, text: "Chart around the onset" },
    ],
  });
}

/** The channels reached over HTTP (all but e-mail). */
export type HttpChannel = Exclude<MonitorChannel, { type: "email" }>;

/** An alert e-mail: subject, plain text and HTML, each with the sentence and the links. */
export interface EmailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Stable per alert, event and channel, so a retried message can be recognised as the same one. */
  messageId: string;
}

/** The e-mail for one alert and event. */
export function emailMessage(
  alert: Alert,
  event: "trigger" | "resolve",
  to: readonly string[],
  links: AlertLinks,
  identity: string,
): EmailMessage {
  const subject =
    event === "trigger"
      ? `[Switchboard] ${alert.monitor}: ${alert.direction} in ${alert.environment}`
      : `[Switchboard] ${alert.monitor} recovered in ${alert.environment}`;
  const lead = event === "trigger" ? alert.sentence : `Resolved: ${alert.sentence}`;
  const text = `${lead}\n\nThe alert: ${links.alertUrl}\nChart around the onset: ${links.chartUrl}\n`;
  const html = `<p>${escapeHtml(lead)}</p><p><a href="${escapeHtml(links.alertUrl)}">Open the alert</a> · <a href="${escapeHtml(links.chartUrl)}">Chart around the onset</a></p>`;
  return { to: [...to], subject: truncate(subject, 200), text, html, messageId: `<${identity}@switchboard>` };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The request for one channel and event (the webhook is signed by the deliverer, which owns id and time). */
export function channelRequest(
  channel: HttpChannel,
  alert: Alert,
  event: "trigger" | "resolve",
  links: AlertLinks,
  at: string,
): ChannelRequest {
  const json = { "content-type": "application/json" };
  switch (channel.type) {
    case "webhook":
      return { url: channel.url, headers: json, body: webhookBody(alert, event, at) };
    case "slack":
      return { url: channel.url, headers: json, body: slackBody(alert, event, links) };
    case "pagerduty":
      return {
        url: channel.url ?? PAGERDUTY_ENQUEUE_URL,
        headers: json,
        body: pagerDutyBody(alert, event, channel, links),
      };
  }
}
