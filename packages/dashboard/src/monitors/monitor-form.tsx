import type { ListAnswer, MonitorView, StoredDocument } from "@switchboard/core";
import { useApi } from "../api/use-api.js";
import { BASE_FIELDS } from "../explorer/event-fields.js";
import { FilterEditor } from "../explorer/filter-editor.js";
import { Field } from "../forms/field.js";
import type { FieldProblem } from "../forms/field-problems.js";
import { SaveFailure } from "../forms/save-failure.js";
import { useDocumentForm } from "../forms/use-document-form.js";
import { type ChannelDraft, emptyChannel, type MonitorDraft, monitorBody } from "./monitor-draft.js";

const FIELDS_LIST = "monitor-fields";
const ENVIRONMENTS_LIST = "monitor-environments";

/** The inputs typed as numbers (kept as text, see `MonitorDraft`). */
type NumberText =
  | "scheduleMinutes"
  | "weeks"
  | "cusumK"
  | "cusumH"
  | "minRelativeChange"
  | "recoveryMinutes"
  | "minConfidence"
  | "budgetFraction"
  | "budgetDays";

/**
 * Creates a monitor (`POST /monitors`) or replaces one (`PUT /monitors/{key}` with If-Match): the metric over events,
 * schedule, prediction, alert policy, automatic action, error budget and alert channels. Channel secrets are never
 * shown: a stored one is kept unless a new one is typed.
 */
export function MonitorForm({
  initial,
  version,
  onSaved,
  onCancel,
  onReload,
}: {
  initial: MonitorDraft;
  /** The version being edited; undefined creates a new monitor. */
  version?: number;
  onSaved(doc: StoredDocument<MonitorView>): void;
  onCancel(): void;
  onReload?: () => void;
}) {
  const { draft, set, creating, busy, error, problems, submit, field } = useDocumentForm({
    initial,
    version,
    path: "/monitors",
    id: "key",
    body: monitorBody,
    prefix: "monitor",
    onSaved,
  });
  const environments = useApi<ListAnswer<StoredDocument<unknown>>>("/environments");
  const numberInput = (key: NumberText, placeholder: string) => (props: Record<string, unknown>) => (
    <input
      {...props}
      inputMode="decimal"
      value={draft[key]}
      placeholder={placeholder}
      onChange={(e) => set(key, e.target.value)}
    />
  );
  return (
    <form
      className="card monitor-form"
      onSubmit={submit}
      aria-label={creating ? "New monitor" : `Edit ${draft.key}`}
      noValidate
    >
      <datalist id={FIELDS_LIST}>
        {BASE_FIELDS.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      <datalist id={ENVIRONMENTS_LIST}>
        {(environments.data?.items ?? []).map((e) => (
          <option key={e.key} value={e.key} />
        ))}
      </datalist>
      <h2>What is watched</h2>
      <div className="form-grid">
        {field("key", "Key", (p) => (
          <input
            {...p}
            value={draft.key}
            readOnly={!creating}
            onChange={(e) => set("key", e.target.value)}
            placeholder="bookings"
          />
        ))}
        {field("metric.environment", "Environment", (p) => (
          <input
            {...p}
            list={ENVIRONMENTS_LIST}
            value={draft.environment}
            onChange={(e) => set("environment", e.target.value)}
          />
        ))}
        {field("metric.fn", "Per minute", (p) => (
          <select {...p} value={draft.fn} onChange={(e) => set("fn", e.target.value === "sum" ? "sum" : "count")}>
            <option value="count">count of matching events</option>
            <option value="sum">sum of a field</option>
          </select>
        ))}
        {draft.fn === "sum" &&
          field("metric.field", "Summed field", (p) => (
            <input
              {...p}
              list={FIELDS_LIST}
              value={draft.field}
              onChange={(e) => set("field", e.target.value)}
              placeholder="fields.amount"
            />
          ))}
        <div className="wide">
          {field("description", "Description", (p) => (
            <input {...p} value={draft.description} onChange={(e) => set("description", e.target.value)} />
          ))}
        </div>
      </div>
      <FilterEditor
        label="Events that count (all must hold)"
        filters={draft.where}
        onChange={(where) => set("where", where)}
        fields={FIELDS_LIST}
        problems={problems}
        path="metric.where"
      />
      <h2>Schedule and prediction</h2>
      <div className="form-grid">
        {field("scheduleMinutes", "Evaluate every (minutes)", numberInput("scheduleMinutes", "1"))}
        {field(
          "prediction.weeks",
          "Previous weeks predicted from",
          numberInput("weeks", "4"),
          "the same minute of each; median, robust to one bad week",
        )}
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={draft.yearAgo} onChange={(e) => set("yearAgo", e.target.checked)} />
            Also use the slot a year ago
          </label>
        </div>
      </div>
      <h2>Alert policy</h2>
      <div className="form-grid">
        {field("alert.direction", "Alert on", (p) => (
          <select
            {...p}
            value={draft.direction}
            onChange={(e) => set("direction", e.target.value as MonitorDraft["direction"])}
          >
            <option value="drop">a drop</option>
            <option value="surge">a surge</option>
            <option value="both">a drop or a surge</option>
          </select>
        ))}
        {field(
          "alert.cusumH",
          "Threshold h (σ)",
          numberInput("cusumH", "10"),
          "lower alerts sooner, with more false alarms",
        )}
        {field("alert.cusumK", "Slack k (σ)", numberInput("cusumK", "0.5"))}
        {field(
          "alert.minRelativeChange",
          "Ignore changes below",
          numberInput("minRelativeChange", "0"),
          "a fraction: 0.05 ignores shortfalls under 5%",
        )}
        {field("alert.recoveryMinutes", "Resolve after (minutes in band)", numberInput("recoveryMinutes", "5"))}
      </div>
      <h2>Automatic action</h2>
      <div className="form-grid">
        {field(
          "actions.action",
          "When it alerts",
          (p) => (
            <select
              {...p}
              value={draft.action}
              onChange={(e) => set("action", e.target.value as MonitorDraft["action"])}
            >
              <option value="notify">notify only</option>
              <option value="kill">kill the flag it names</option>
              <option value="back">press the traffic back button</option>
            </select>
          ),
          "kill and back are audited as monitor:<key> and can be undone in one click; a flag tagged never-auto-kill is never killed",
        )}
        {field("actions.minConfidence", "Evidence needed (0–1)", numberInput("minConfidence", "0.99"))}
        {field(
          "budget.allowedFraction",
          "Error budget: allowed shortfall",
          numberInput("budgetFraction", "0.005"),
          "a fraction of the predicted total (0.005 = 0.5%)",
        )}
        {field("budget.windowDays", "Error budget window (days)", numberInput("budgetDays", "28"))}
      </div>
      <ChannelsEditor channels={draft.channels} onChange={(c) => set("channels", c)} problems={problems} />
      <SaveFailure error={error} shown={shownPaths(draft)} what="monitor" {...(onReload ? { onReload } : {})} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {creating ? "Create monitor" : "Save monitor"}
        </button>
        <button type="button" className="quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const CHANNEL_LABELS: Record<ChannelDraft["type"], string> = {
  webhook: "Webhook (Standard Webhooks, signed)",
  slack: "Slack incoming webhook",
  pagerduty: "PagerDuty Events v2",
  email: "E-mail (through the server's SMTP server)",
};

const ADD_LABELS: Record<ChannelDraft["type"], string> = {
  webhook: "Webhook",
  slack: "Slack",
  pagerduty: "PagerDuty",
  email: "E-mail",
};

/** The channels alerts go to; a stored secret shows only as its last characters and is kept unless replaced. */
function ChannelsEditor({
  channels,
  onChange,
  problems,
}: {
  channels: ChannelDraft[];
  onChange(next: ChannelDraft[]): void;
  problems: readonly FieldProblem[];
}) {
  const update = (index: number, patch: Partial<ChannelDraft>) =>
    onChange(channels.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  return (
    <fieldset className="channels-editor" data-testid="channels">
      <legend>Alert channels</legend>
      {channels.length === 0 && <p className="hint">No channels: alerts show in the dashboard only.</p>}
      {channels.map((channel, index) => {
        const path = `alert.channels[${index}]`;
        const own = problems.filter((p) => p.path === path);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: channels are edited in place and have no identity of their own
          <fieldset key={index} className="channel-card">
            <legend>
              Channel {index + 1}: {CHANNEL_LABELS[channel.type]}
            </legend>
            <div className="form-grid">
              {channel.type === "email" && (
                <Field
                  prefix={`channel-${index}`}
                  problems={problems}
                  path={`${path}.to`}
                  label="Recipients"
                  hint="comma-separated; the server sends through SWITCHBOARD_SMTP_URL"
                >
                  {(p) => (
                    <input
                      {...p}
                      type="text"
                      value={channel.to}
                      onChange={(e) => update(index, { to: e.target.value })}
                      placeholder="oncall@example.com"
                    />
                  )}
                </Field>
              )}
              {(channel.type === "webhook" || channel.type === "pagerduty") && (
                <Field
                  prefix={`channel-${index}`}
                  problems={problems}
                  path={`${path}.url`}
                  label={channel.type === "webhook" ? "Webhook URL" : "Enqueue URL (optional)"}
                >
                  {(p) => (
                    <input
                      {...p}
                      value={channel.url}
                      onChange={(e) => update(index, { url: e.target.value })}
                      placeholder={
                        channel.type === "webhook"
                          ? "https://ops.example.com/hooks"
                          : "https://events.pagerduty.com/v2/enqueue"
                      }
                    />
                  )}
                </Field>
              )}
              {channel.type !== "email" && (
                <SecretField
                  index={index}
                  channel={channel}
                  problems={problems}
                  onChange={(secret) => update(index, { secret })}
                />
              )}
              {channel.type === "pagerduty" && (
                <Field prefix={`channel-${index}`} problems={problems} path={`${path}.severity`} label="Severity">
                  {(p) => (
                    <select
                      {...p}
                      value={channel.severity}
                      onChange={(e) => update(index, { severity: e.target.value as ChannelDraft["severity"] })}
                    >
                      <option value="">error (default)</option>
                      <option value="critical">critical</option>
                      <option value="error">error</option>
                      <option value="warning">warning</option>
                      <option value="info">info</option>
                    </select>
                  )}
                </Field>
              )}
            </div>
            {own.length > 0 && <p className="field-error">{own.map((p) => p.message).join("; ")}</p>}
            <button
              type="button"
              className="quiet"
              onClick={() => onChange(channels.filter((_, i) => i !== index))}
              aria-label={`Remove channel ${index + 1}`}
            >
              Remove
            </button>
          </fieldset>
        );
      })}
      <div className="actions">
        {(["webhook", "slack", "pagerduty", "email"] as const).map((type) => (
          <button
            key={type}
            type="button"
            className="quiet"
            onClick={() => onChange([...channels, emptyChannel(type)])}
          >
            + {ADD_LABELS[type]}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

/** The secret of a channel: empty keeps the stored one (shown redacted); a webhook can get a fresh one generated. */
function SecretField({
  index,
  channel,
  problems,
  onChange,
}: {
  index: number;
  channel: ChannelDraft;
  problems: readonly FieldProblem[];
  onChange(secret: string): void;
}) {
  const part = channel.type === "webhook" ? "secret" : channel.type === "slack" ? "url" : "routingKey";
  const label =
    channel.type === "webhook" ? "Signing secret" : channel.type === "slack" ? "Slack webhook URL" : "Routing key";
  const hint =
    channel.stored === ""
      ? channel.type === "webhook"
        ? "whsec_ and the base64 of 24–64 random bytes; the receiver verifies with it"
        : undefined
      : `stored: ${channel.stored} — leave empty to keep it`;
  return (
    <div className="secret-field">
      <Field
        prefix={`channel-${index}`}
        problems={problems}
        path={`alert.channels[${index}].${part}`}
        label={label}
        hint={hint}
      >
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="off"
            value={channel.secret}
            onChange={(e) => onChange(e.target.value)}
            placeholder={channel.stored === "" ? "" : channel.stored}
          />
        )}
      </Field>
      {channel.type === "webhook" && (
        <button type="button" className="quiet" onClick={() => onChange(newWebhookSecret())}>
          Generate a secret
        </button>
      )}
    </div>
  );
}

/** A fresh Standard Webhooks secret: `whsec_` and 32 random bytes in base64, made in the browser. */
function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/** Every path the form shows problems at (the rest are listed under the form). */
function shownPaths(draft: MonitorDraft): string[] {
  const filters = Array.from({ length: draft.where.length }, (_, i) =>
    ["field", "op", "value"].map((part) => `metric.where[${i}].${part}`),
  ).flat();
  const channels = draft.channels.flatMap((_, i) =>
    ["", ".url", ".secret", ".routingKey", ".severity", ".to"].map((part) => `alert.channels[${i}]${part}`),
  );
  return [
    "key",
    "description",
    "metric.environment",
    "metric.fn",
    "metric.field",
    ...filters,
    "scheduleMinutes",
    "prediction.weeks",
    "alert.direction",
    "alert.cusumH",
    "alert.cusumK",
    "alert.minRelativeChange",
    "alert.recoveryMinutes",
    "actions.action",
    "actions.minConfidence",
    "budget.allowedFraction",
    "budget.windowDays",
    ...channels,
  ];
}
