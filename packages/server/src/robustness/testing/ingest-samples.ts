/** A valid wide event with every field kind the validator knows (ids made unique by the caller). */
export function validEvent(id: string, ts = new Date().toISOString()): Record<string, unknown> {
  return {
    type: "event",
    id,
    ts,
    name: "request",
    unit: "user-1",
    release: "64fd32f",
    durationMs: 12.5,
    status: 200,
    assignments: { "new-checkout": "on" },
    counters: { rows: 3 },
    spans: { db: { ms: 4, count: 2 } },
    messages: [{ atMs: 1, text: "hello" }],
    spanTree: [{ name: "db", startMs: 0, ms: 4 }],
    fields: { http: { route: "/checkout" }, tags: ["a"] },
  };
}

/** A valid exposure. */
export function validExposure(id: string): Record<string, unknown> {
  return {
    type: "exposure",
    id,
    ts: new Date().toISOString(),
    unit: "user-1",
    hashAttribute: "id",
    flag: "new-checkout",
    variation: "on",
    ruleId: "rollout",
    inExperiment: false,
  };
}

/** Item fields that pass validation but that the store may refuse or later mis-read (audit D1, D8, D13). */
export function storeEdgeItems(prefix: string): { label: string; item: Record<string, unknown>; raw?: string }[] {
  const now = new Date().toISOString();
  const deep = (levels: number, leaf: string) => `${'{"a":'.repeat(levels)}${leaf}${"}".repeat(levels)}`;
  const base = (id: string) => ({ type: "event", id: `${prefix}-${id}`, ts: now, name: "edge" });
  const raw = (id: string, field: string, json: string) => {
    const text = JSON.stringify({ ...base(id), [field]: "__raw__" });
    return { label: `${field}=${json.slice(0, 40)}`, item: base(id), raw: text.replace('"__raw__"', () => json) };
  };
  return [
    { label: "spans.count=1e20", item: { ...base("c20"), spans: { db: { ms: 1, count: 1e20 } } } },
    raw("c63", "spans", '{"db":{"ms":1,"count":9223372036854775808}}'),
    { label: "spans.ms=1e308", item: { ...base("ms308"), spans: { db: { ms: 1e308, count: 1 } } } },
    { label: "durationMs=1e308", item: { ...base("d308"), durationMs: 1e308 } },
    { label: "counters=1e308", item: { ...base("k308"), counters: { n: 1e308, m: -1e308 } } },
    { label: "status=1e308", item: { ...base("s308"), status: 1e308 } },
    raw("sur1", "name", '"\\ud800"'),
    raw("sur2", "fields", '{"k":"a\\udfffb","\\ud800":1}'),
    raw("sur3", "unit", '"\\udc00\\ud800"'),
    { label: "ts=+275760-09-13", item: { ...base("tsmax"), ts: "+275760-09-13T00:00:00.000Z" } },
    { label: "ts=-271821-04-20", item: { ...base("tsmin"), ts: "-271821-04-20T00:00:00.000Z" } },
    { label: 'ts="1"', item: { ...base("ts1"), ts: "1" } },
    { label: 'ts="Tue Mar 1 2026"', item: { ...base("tsword"), ts: "Tue Mar 1 2026" } },
    { label: "ts=0000-01-01", item: { ...base("ts0"), ts: "0000-01-01T00:00:00.000Z" } },
    raw("deepf", "fields", deep(20_000, "1")),
    raw("deept", "spanTree", `${"[".repeat(5_000)}${"]".repeat(5_000)}`),
    { label: "name NUL", item: { ...base("nul"), name: "a\u0000b", fields: { "\u0000": "\u0000" } } },
    { label: "huge fields", item: { ...base("huge"), fields: { big: "x".repeat(100_000) } } },
  ];
}

/** Valid OTLP/JSON traces and logs exports to mutate. */
export function otlpTemplates(): { traces: unknown; logs: unknown } {
  const nowNs = `${Date.now()}000000`;
  const resource = { attributes: [{ key: "service.name", value: { stringValue: "checkout" } }] };
  const attributes = [
    { key: "feature_flag.key", value: { stringValue: "new-checkout" } },
    { key: "feature_flag.result.variant", value: { stringValue: "on" } },
    { key: "n", value: { intValue: "3" } },
    { key: "list", value: { arrayValue: { values: [{ boolValue: true }, { doubleValue: 1.5 }] } } },
  ];
  const span = {
    traceId: "5b8efff798038103d269b633813fc60c",
    spanId: "eee19b7ec3c1b174",
    name: "GET /checkout",
    kind: 2,
    startTimeUnixNano: nowNs,
    endTimeUnixNano: nowNs,
    attributes,
    events: [{ name: "exception", timeUnixNano: nowNs, attributes: [] }],
    status: { code: 1 },
  };
  const log = { timeUnixNano: nowNs, severityText: "INFO", body: { stringValue: "hello" }, attributes };
  return {
    traces: { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: "s" }, spans: [span] }] }] },
    logs: { resourceLogs: [{ resource, scopeLogs: [{ scope: { name: "s" }, logRecords: [log] }] }] },
  };
}

/** The OTLP bodies the audit saw answered 500 (D6), kept as named cases. */
export function otlpAuditBodies(): { url: "/v1/traces" | "/v1/logs"; label: string; payload: string }[] {
  const deepValue = (levels: number) =>
    `${'{"kvlistValue":{"values":[{"key":"a","value":'.repeat(levels)}{"intValue":"1"}${"}]}}".repeat(levels)}`;
  const spanWith = (fields: string) =>
    `{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"s","startTimeUnixNano":"1","endTimeUnixNano":"2",${fields}}]}]}]}`;
  return [
    { url: "/v1/traces", label: "scopeSpans=5", payload: '{"resourceSpans":[{"scopeSpans":5}]}' },
    { url: "/v1/traces", label: "spans=5", payload: '{"resourceSpans":[{"scopeSpans":[{"spans":5}]}]}' },
    { url: "/v1/traces", label: "spans={}", payload: '{"resourceSpans":[{"scopeSpans":[{"spans":{}}]}]}' },
    { url: "/v1/traces", label: "spans=[null]", payload: '{"resourceSpans":[{"scopeSpans":[{"spans":[null]}]}]}' },
    { url: "/v1/traces", label: "resource.attributes=5", payload: '{"resourceSpans":[{"resource":{"attributes":5}}]}' },
    {
      url: "/v1/traces",
      label: "times=1e308",
      payload:
        '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"s","startTimeUnixNano":1e308,"endTimeUnixNano":1e308}]}]}]}',
    },
    { url: "/v1/traces", label: "events=5", payload: spanWith('"events":5') },
    { url: "/v1/traces", label: "event name=5", payload: spanWith('"events":[{"name":5}]') },
    {
      url: "/v1/traces",
      label: "arrayValue.values=5",
      payload: spanWith('"attributes":[{"key":"k","value":{"arrayValue":{"values":5}}}]'),
    },
    {
      url: "/v1/traces",
      label: "AnyValue 5,000 deep",
      payload: spanWith(`"attributes":[{"key":"k","value":${deepValue(5_000)}}]`),
    },
    {
      url: "/v1/logs",
      label: "attributes=true",
      payload: '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"x"},"attributes":true}]}]}]}',
    },
    { url: "/v1/logs", label: "logRecords=5", payload: '{"resourceLogs":[{"scopeLogs":[{"logRecords":5}]}]}' },
    {
      url: "/v1/logs",
      label: "body 5,000 deep",
      payload: `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${deepValue(5_000)}}]}]}]}`,
    },
  ];
}
