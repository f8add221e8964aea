import type { MonitorChannelView, MonitorView } from "@switchboard/core";
import type { Filter } from "../explorer/explorer-query.js";

/**
 * One alert channel as the form edits it. `stored` is the redacted secret the API showed (webhook signing secret,
 * Slack URL, PagerDuty routing key): the secret input starts empty, and left empty it sends `stored` back, which
 * tells the server to keep the secret it has.
 */
export interface ChannelDraft {
  type: MonitorChannelView["type"];
  /** The webhook's URL, or PagerDuty's enqueue URL (optional). */
  url: string;
  /** The new secret: whsec_… for a webhook, the incoming-webhook URL for Slack, the routing key for PagerDuty. */
  secret: string;
  stored: string;
  severity: "" | "critical" | "error" | "warning" | "info";
  /** E-mail recipients, comma-separated as typed. */
  to: string;
}

/** A monitor as the form edits it; numbers stay the text typed so that the server names a wrong one at its field. */
export interface MonitorDraft {
  key: string;
  description: string;
  fn: "count" | "sum";
  field: string;
  where: Filter[];
  environment: string;
  scheduleMinutes: string;
  weeks: string;
  yearAgo: boolean;
  direction: "drop" | "surge" | "both";
  cusumK: string;
  cusumH: string;
  minRelativeChange: string;
  recoveryMinutes: string;
  channels: ChannelDraft[];
  action: "notify" | "kill" | "back";
  minConfidence: string;
  budgetFraction: string;
  budgetDays: string;
}

export function emptyMonitorDraft(): MonitorDraft {
  return {
    key: "",
    description: "",
    fn: "count",
    field: "",
    where: [{ field: "name", op: "=", value: "" }],
    environment: "production",
    scheduleMinutes: "",
    weeks: "",
    yearAgo: false,
    direction: "drop",
    cusumK: "",
    cusumH: "",
    minRelativeChange: "",
    recoveryMinutes: "",
    channels: [],
    action: "notify",
    minConfidence: "",
    budgetFraction: "",
    budgetDays: "",
  };
}

export function emptyChannel(type: ChannelDraft["type"]): ChannelDraft {
  return { type, url: "", secret: "", stored: "", severity: "", to: "" };
}

/** The form's inputs for a monitor as the API showed it (secrets redacted). */
export function draftFromMonitor(key: string, monitor: MonitorView): MonitorDraft {
  const alert = monitor.alert ?? {};
  return {
    ...emptyMonitorDraft(),
    key,
    description: monitor.description ?? "",
    fn: monitor.metric.fn,
    field: monitor.metric.field ?? "",
    where: monitor.metric.where ?? [],
    environment: monitor.metric.environment,
    scheduleMinutes: text(monitor.scheduleMinutes),
    weeks: text(monitor.prediction?.weeks),
    yearAgo: monitor.prediction?.yearAgo ?? false,
    direction: alert.direction ?? "drop",
    cusumK: text(alert.cusumK),
    cusumH: text(alert.cusumH),
    minRelativeChange: text(alert.minRelativeChange),
    recoveryMinutes: text(alert.recoveryMinutes),
    channels: (alert.channels ?? []).map(channelDraft),
    action: monitor.actions?.action ?? "notify",
    minConfidence: text(monitor.actions?.minConfidence),
    budgetFraction: text(monitor.budget?.allowedFraction),
    budgetDays: text(monitor.budget?.windowDays),
  };
}

/** The body the API takes (without the key): empty inputs left out, defaults left to the server. */
export function monitorBody(draft: MonitorDraft): Record<string, unknown> {
  const prediction = { ...number("weeks", draft.weeks), ...(draft.yearAgo ? { yearAgo: true } : {}) };
  const actions = { action: draft.action, ...number("minConfidence", draft.minConfidence) };
  return {
    ...trimmed("description", draft.description),
    metric: {
      fn: draft.fn,
      ...(draft.fn === "sum" ? trimmed("field", draft.field) : {}),
      ...(draft.where.length === 0 ? {} : { where: draft.where }),
      environment: draft.environment.trim(),
    },
    ...number("scheduleMinutes", draft.scheduleMinutes),
    ...(Object.keys(prediction).length === 0 ? {} : { prediction }),
    alert: {
      direction: draft.direction,
      ...number("cusumK", draft.cusumK),
      ...number("cusumH", draft.cusumH),
      ...number("minRelativeChange", draft.minRelativeChange),
      ...number("recoveryMinutes", draft.recoveryMinutes),
      channels: draft.channels.map(channelBody),
    },
    ...(draft.action === "notify" && draft.minConfidence.trim() === "" ? {} : { actions }),
    ...(draft.budgetFraction.trim() === "" && draft.budgetDays.trim() === ""
      ? {}
      : {
          budget: {
            ...number("allowedFraction", draft.budgetFraction, true),
            ...number("windowDays", draft.budgetDays, true),
          },
        }),
  };
}

/** A channel for the API: a secret typed replaces the stored one; left empty, the redacted one keeps it. */
export function channelBody(channel: ChannelDraft): Record<string, unknown> {
  const secret = channel.secret.trim() === "" ? channel.stored : channel.secret.trim();
  const given = secret === "" ? undefined : secret;
  switch (channel.type) {
    case "webhook":
      return { type: "webhook", url: channel.url.trim(), ...(given === undefined ? {} : { secret: given }) };
    case "slack":
      return { type: "slack", ...(given === undefined ? {} : { url: given }) };
    case "pagerduty":
      return {
        type: "pagerduty",
        ...(given === undefined ? {} : { routingKey: given }),
        ...trimmed("url", channel.url),
        ...(channel.severity === "" ? {} : { severity: channel.severity }),
      };
    case "email":
      return {
        type: "email",
        to: channel.to
          .split(/[,;\s]+/)
          .map((address) => address.trim())
          .filter((address) => address !== ""),
      };
  }
}

function channelDraft(channel: MonitorChannelView): ChannelDraft {
  switch (channel.type) {
    case "webhook":
      return { ...emptyChannel("webhook"), url: channel.url, stored: channel.secret ?? "" };
    case "slack":
      return { ...emptyChannel("slack"), stored: channel.url ?? "" };
    case "pagerduty":
      return {
        ...emptyChannel("pagerduty"),
        url: channel.url ?? "",
        stored: channel.routingKey ?? "",
        severity: channel.severity === undefined ? "" : (channel.severity as ChannelDraft["severity"]),
      };
    case "email":
      return { ...emptyChannel("email"), to: channel.to.join(", ") };
  }
}

function text(value: number | undefined): string {
  return value === undefined ? "" : String(value);
}

function trimmed(key: string, value: string): Record<string, string> {
  const t = value.trim();
  return t === "" ? {} : { [key]: t };
}

// A number as typed; text that is no number goes as text so the server's answer names the field.
function number(key: string, value: string, keepEmpty = false): Record<string, number | string> {
  const t = value.trim();
  if (t === "" && !keepEmpty) return {};
  const parsed = Number(t);
  return { [key]: t !== "" && Number.isFinite(parsed) ? parsed : t };
}
