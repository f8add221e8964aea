import { METRIC_KINDS, METRIC_QUANTILES, type Metric, type StoredDocument } from "@switchboard/core";
import { BASE_FIELDS } from "../explorer/event-fields.js";
import { FilterEditor } from "../explorer/filter-editor.js";
import { Field } from "../forms/field.js";
import type { FieldProblem } from "../forms/field-problems.js";
import { SaveFailure } from "../forms/save-failure.js";
import { useDocumentForm } from "../forms/use-document-form.js";
import { type AggregateDraft, type MetricDraft, metricBody } from "./metric-draft.js";

const FIELDS_LIST = "metric-fields";

const KIND_HELP: Record<MetricDraft["kind"], string> = {
  proportion: "share of exposed units with at least one matching event (conversion)",
  mean: "per-unit count or sum of a field over matching events; units without one count as 0",
  ratio: "sum of the numerator over sum of the denominator (e.g. SQL ms per execution)",
  quantile: "a quantile of a per-event value, e.g. p95 of durationMs",
};

/**
 * Creates a metric (`POST /metrics`) or replaces one (`PUT /metrics/{name}` with If-Match): every kind the API
 * takes, its filters in the query language, and each problem the server names shown at its field.
 */
export function MetricForm({
  initial,
  version,
  onSaved,
  onCancel,
  onReload,
}: {
  initial: MetricDraft;
  /** The version being edited; undefined creates a new metric. */
  version?: number;
  onSaved(doc: StoredDocument<Metric>): void;
  onCancel(): void;
  onReload?: () => void;
}) {
  const { draft, set, creating, busy, error, problems, submit, field } = useDocumentForm({
    initial,
    version,
    path: "/metrics",
    id: "name",
    body: metricBody,
    prefix: "metric",
    onSaved,
  });
  return (
    <form
      className="card metric-form"
      onSubmit={submit}
      aria-label={creating ? "New metric" : `Edit ${draft.name}`}
      noValidate
    >
      <datalist id={FIELDS_LIST}>
        {BASE_FIELDS.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      <div className="form-grid">
        {field("name", "Name", (p) => (
          <input
            {...p}
            value={draft.name}
            readOnly={!creating}
            onChange={(e) => set("name", e.target.value)}
            placeholder="checkout_conversion"
          />
        ))}
        {field("kind", "Kind", (p) => (
          <select {...p} value={draft.kind} onChange={(e) => set("kind", e.target.value as MetricDraft["kind"])}>
            {METRIC_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        ))}
        {field("direction", "Better when", (p) => (
          <select
            {...p}
            value={draft.direction}
            onChange={(e) => set("direction", e.target.value === "lower" ? "lower" : "higher")}
          >
            <option value="higher">higher (conversion, bookings)</option>
            <option value="lower">lower (latency, errors)</option>
          </select>
        ))}
        {field("owner", "Owner", (p) => (
          <input {...p} value={draft.owner} onChange={(e) => set("owner", e.target.value)} placeholder="payments" />
        ))}
        {field(
          "window",
          "Window after first exposure",
          (p) => (
            <input {...p} value={draft.window} onChange={(e) => set("window", e.target.value)} placeholder="7d" />
          ),
          "e.g. 30m, 24h, 7d; empty: until the analysis end",
        )}
        {field(
          "tolerance",
          "Guardrail tolerance",
          (p) => (
            <input
              {...p}
              inputMode="decimal"
              value={draft.tolerance}
              onChange={(e) => set("tolerance", e.target.value)}
              placeholder="0.05"
            />
          ),
          "worst acceptable relative change in the bad direction (0.05 = 5% worse)",
        )}
        <div className="wide">
          {field("description", "Description", (p) => (
            <input {...p} value={draft.description} onChange={(e) => set("description", e.target.value)} />
          ))}
        </div>
      </div>
      <p className="hint" data-testid="kind-help">
        {draft.kind}: {KIND_HELP[draft.kind]}.
      </p>
      <KindInputs draft={draft} set={set} problems={problems} />
      <FilterEditor
        label="Events that count (all must hold; none: every event)"
        filters={draft.where}
        onChange={(where) => set("where", where)}
        fields={FIELDS_LIST}
        problems={problems}
        path="where"
      />
      <SaveFailure error={error} shown={shownPaths(draft)} what="metric" {...(onReload ? { onReload } : {})} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {creating ? "Create metric" : "Save metric"}
        </button>
        <button type="button" className="quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The inputs of the chosen kind: aggregate and cap, numerator and denominator, or the quantile and its field. */
function KindInputs({
  draft,
  set,
  problems,
}: {
  draft: MetricDraft;
  set<K extends keyof MetricDraft>(key: K, value: MetricDraft[K]): void;
  problems: readonly FieldProblem[];
}) {
  if (draft.kind === "proportion") return null;
  if (draft.kind === "ratio") {
    return (
      <div className="form-grid ratio-parts">
        <AggregateInputs
          legend="Numerator"
          path="numerator"
          part={draft.numerator}
          onChange={(v) => set("numerator", v)}
          problems={problems}
        />
        <AggregateInputs
          legend="Denominator"
          path="denominator"
          part={draft.denominator}
          onChange={(v) => set("denominator", v)}
          problems={problems}
        />
      </div>
    );
  }
  if (draft.kind === "quantile") {
    return (
      <div className="form-grid">
        <Field prefix="metric" problems={problems} path="quantile" label="Quantile">
          {(p) => (
            <select
              {...p}
              value={draft.quantile}
              onChange={(e) => set("quantile", e.target.value as MetricDraft["quantile"])}
            >
              {METRIC_QUANTILES.map((q) => (
                <option key={q}>{q}</option>
              ))}
            </select>
          )}
        </Field>
        <Field prefix="metric" problems={problems} path="field" label="Of the field">
          {(p) => (
            <input
              {...p}
              list={FIELDS_LIST}
              value={draft.field}
              onChange={(e) => set("field", e.target.value)}
              placeholder="durationMs"
            />
          )}
        </Field>
      </div>
    );
  }
  return (
    <div className="form-grid">
      <Field prefix="metric" problems={problems} path="aggregate" label="Per unit">
        {(p) => (
          <select
            {...p}
            value={draft.aggregate}
            onChange={(e) => set("aggregate", e.target.value === "sum" ? "sum" : "count")}
          >
            <option value="count">count of matching events</option>
            <option value="sum">sum of a field</option>
          </select>
        )}
      </Field>
      {draft.aggregate === "sum" && (
        <Field prefix="metric" problems={problems} path="field" label="Summed field">
          {(p) => (
            <input
              {...p}
              list={FIELDS_LIST}
              value={draft.field}
              onChange={(e) => set("field", e.target.value)}
              placeholder="fields.amount"
            />
          )}
        </Field>
      )}
      <Field prefix="metric" problems={problems} path="cap" label="Cap per-unit values">
        {(p) => (
          <select {...p} value={draft.cap} onChange={(e) => set("cap", e.target.value as MetricDraft["cap"])}>
            <option value="none">no cap</option>
            <option value="absolute">at a value</option>
            <option value="percentile">at a percentile of units</option>
          </select>
        )}
      </Field>
      {draft.cap !== "none" && (
        <Field
          prefix="metric"
          problems={problems}
          path={`cap.${draft.cap}`}
          label={draft.cap === "absolute" ? "Cap value" : "Cap percentile (0–1)"}
        >
          {(p) => (
            <input
              {...p}
              inputMode="decimal"
              value={draft.capValue}
              onChange={(e) => set("capValue", e.target.value)}
              placeholder={draft.cap === "absolute" ? "20" : "0.99"}
            />
          )}
        </Field>
      )}
    </div>
  );
}

function AggregateInputs({
  legend,
  path,
  part,
  onChange,
  problems,
}: {
  legend: string;
  path: string;
  part: AggregateDraft;
  onChange(next: AggregateDraft): void;
  problems: readonly FieldProblem[];
}) {
  return (
    <fieldset className="aggregate-part">
      <legend>{legend}</legend>
      <Field prefix="metric" problems={problems} path={`${path}.aggregate`} label={`${legend}: per event`}>
        {(p) => (
          <select
            {...p}
            value={part.aggregate}
            onChange={(e) => onChange({ ...part, aggregate: e.target.value === "count" ? "count" : "sum" })}
          >
            <option value="sum">sum of a field</option>
            <option value="count">count of events</option>
          </select>
        )}
      </Field>
      {part.aggregate === "sum" && (
        <Field prefix="metric" problems={problems} path={`${path}.field`} label={`${legend} field`}>
          {(p) => (
            <input
              {...p}
              list={FIELDS_LIST}
              value={part.field}
              onChange={(e) => onChange({ ...part, field: e.target.value })}
              placeholder={path === "numerator" ? "spans.sql.ms" : "spans.sql.count"}
            />
          )}
        </Field>
      )}
      <FilterEditor
        label={`${legend} events (extra filters)`}
        filters={part.where}
        onChange={(where) => onChange({ ...part, where })}
        fields={FIELDS_LIST}
        problems={problems}
        path={`${path}.where`}
      />
    </fieldset>
  );
}

/** Every path the form shows problems at, for the draft's kind (the rest are listed under the form). */
export function shownPaths(draft: MetricDraft): string[] {
  const filters = (path: string, count: number) =>
    Array.from({ length: count }, (_, i) => ["field", "op", "value"].map((part) => `${path}[${i}].${part}`)).flat();
  const common = [
    "name",
    "kind",
    "direction",
    "owner",
    "window",
    "tolerance",
    "description",
    ...filters("where", draft.where.length),
  ];
  switch (draft.kind) {
    case "proportion":
      return common;
    case "mean":
      return [...common, "aggregate", "field", "cap"];
    case "quantile":
      return [...common, "quantile", "field"];
    case "ratio":
      return [
        ...common,
        ...(["numerator", "denominator"] as const).flatMap((part) => [
          `${part}.aggregate`,
          `${part}.field`,
          ...filters(`${part}.where`, draft[part].where.length),
        ]),
      ];
  }
}
