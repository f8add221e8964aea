import {
  isRedacted,
  type Monitor,
  type MonitorChannel,
  type MonitorChannelView,
  type MonitorView,
  redactSecret,
} from "@switchboard/core";
import type { Change, StoredDocument } from "../../store/index.js";

type Problem = { path: string; message: string };

const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/=]{32,88}$/;
const ROUTING_KEY = /^[A-Za-z0-9]{32}$/;

/** A monitor as every answer shows it: each channel's secret redacted. */
export function redactMonitor<T extends Monitor | MonitorView>(body: T): MonitorView {
  if (body.alert?.channels === undefined) return body;
  return { ...body, alert: { ...body.alert, channels: body.alert.channels.map(redactChannel) } };
}

/** A stored monitor as the API answers it. */
export function redactMonitorDocument(doc: StoredDocument<Monitor>): StoredDocument<MonitorView> {
  return { ...doc, body: redactMonitor(doc.body) };
}

/** The audit log as the API answers it: a monitor change's before and after with the channel secrets redacted. */
export function redactMonitorChanges(changes: readonly Change[]): Change[] {
  return changes.map((change) =>
    change.subjectKind === "monitor"
      ? { ...change, before: redactLoggedBody(change.before), after: redactLoggedBody(change.after) }
      : change,
  );
}

/**
 * The channels to store for a write: a secret given in full replaces the stored one; left out or sent back
 * redacted, it keeps the stored secret of the same channel (the one at the same place, of the same type, whose
 * redaction matches, else the only one of that type (with that redaction), so reordering channels keeps secrets).
 * A secret nothing stored can supply is a problem at its path.
 */
export function resolveChannelSecrets(
  channels: readonly MonitorChannelView[],
  stored: readonly MonitorChannel[],
): { channels: MonitorChannel[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const resolved = channels.flatMap((channel, index): MonitorChannel[] => {
    const path = `alert.channels[${index}]`;
    const keep = (given: string | undefined, read: (c: MonitorChannel) => string | undefined, url: boolean) => {
      if (given !== undefined && !isRedacted(given)) return given;
      const candidates = stored.filter((c) => c.type === channel.type && read(c) !== undefined);
      const matches = (c: MonitorChannel) =>
        given === undefined || redactSecret(read(c) ?? "", url ? "url" : "text") === given;
      const same = stored[index];
      const others = candidates.filter(matches);
      const found =
        same !== undefined && same.type === channel.type && read(same) !== undefined && matches(same)
          ? same
          : others.length === 1
            ? others[0]
            : undefined;
      return found === undefined ? undefined : read(found);
    };
    if (channel.type === "webhook") {
      const secret = keep(channel.secret, (c) => (c.type === "webhook" ? c.secret : undefined), false);
      if (secret === undefined) return missing(problems, `${path}.secret`, "a signing secret (whsec_…)");
      if (!WEBHOOK_SECRET.test(secret)) {
        problems.push({ path: `${path}.secret`, message: "must be whsec_ followed by the base64 of 24–64 bytes" });
        return [];
      }
      return [{ type: "webhook", url: channel.url, secret }];
    }
    if (channel.type === "email") return [channel];
    if (channel.type === "slack") {
      const url = keep(channel.url, (c) => (c.type === "slack" ? c.url : undefined), true);
      if (url === undefined) return missing(problems, `${path}.url`, "the Slack incoming webhook URL");
      return [{ type: "slack", url }];
    }
    const routingKey = keep(channel.routingKey, (c) => (c.type === "pagerduty" ? c.routingKey : undefined), false);
    if (routingKey === undefined) return missing(problems, `${path}.routingKey`, "the 32-character routing key");
    if (!ROUTING_KEY.test(routingKey)) {
      problems.push({ path: `${path}.routingKey`, message: "must be the 32-character integration key" });
      return [];
    }
    const { routingKey: _given, ...rest } = channel;
    return [{ ...rest, routingKey }];
  });
  return { channels: resolved, problems };
}

function missing(problems: Problem[], path: string, what: string): [] {
  problems.push({ path, message: `is required: ${what} (nothing stored to keep for this channel)` });
  return [];
}

function redactChannel(channel: MonitorChannel | MonitorChannelView): MonitorChannelView {
  switch (channel.type) {
    case "webhook":
      return channel.secret === undefined ? channel : { ...channel, secret: redactSecret(channel.secret) };
    case "slack":
      return channel.url === undefined ? channel : { ...channel, url: redactSecret(channel.url, "url") };
    case "pagerduty":
      return channel.routingKey === undefined ? channel : { ...channel, routingKey: redactSecret(channel.routingKey) };
    case "email":
      return channel;
  }
}

// A logged body is whatever was stored at the time; only a monitor-shaped one has channels to redact.
function redactLoggedBody(body: unknown): unknown {
  if (body === null || typeof body !== "object") return body;
  const alert = (body as { alert?: { channels?: unknown } }).alert;
  if (!Array.isArray(alert?.channels)) return body;
  return redactMonitor(body as Monitor);
}
