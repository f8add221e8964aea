import { FieldNote, invalidProps } from "../forms/field-note.js";
import type { FieldProblem } from "../forms/field-problems.js";
import { type Filter, OPS, parseValue } from "./explorer-query.js";

/** A list of filters (all must hold), each a field, an operator and a value. */
export function FilterEditor({
  label,
  filters,
  onChange,
  fields,
  problems = [],
  path = "where",
}: {
  label: string;
  filters: Filter[];
  onChange(next: Filter[]): void;
  fields: string;
  /** What the server said about these filters, shown at each input (`<path>[i].field`, `.op`, `.value`). */
  problems?: readonly FieldProblem[];
  path?: string;
}) {
  const at = (index: number, part: string) => `${path}[${index}]${part === "" ? "" : `.${part}`}`;
  const noteId = (index: number, part: string) => `${path}-${index}-${part}-problem`.replace(/[^\w-]/g, "-");
  const update = (index: number, patch: Partial<Filter>) =>
    onChange(filters.map((f, i) => (i === index ? { ...f, ...patch } : f)));
  return (
    <fieldset className="filter-editor">
      <legend>{label}</legend>
      {filters.map((filter, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: filters are edited in place and have no identity of their own
        <div key={index} className="filter-line">
          <label>
            Field
            <input
              list={fields}
              value={filter.field}
              onChange={(e) => update(index, { field: e.target.value })}
              {...invalidProps(problems, at(index, "field"), noteId(index, "field"))}
            />
            <FieldNote problems={problems} path={at(index, "field")} id={noteId(index, "field")} />
          </label>
          <label>
            Operator
            <select
              value={filter.op}
              onChange={(e) =>
                update(index, { op: e.target.value, value: parseValue(e.target.value, valueText(filter.value)) })
              }
            >
              {OPS.map((op) => (
                <option key={op}>{op}</option>
              ))}
            </select>
          </label>
          {filter.op !== "exists" && (
            <label>
              Value
              <input
                value={valueText(filter.value)}
                onChange={(e) => update(index, { value: parseValue(filter.op, e.target.value) })}
                {...invalidProps(problems, at(index, "value"), noteId(index, "value"))}
              />
              <FieldNote problems={problems} path={at(index, "value")} id={noteId(index, "value")} />
            </label>
          )}
          <button
            type="button"
            className="quiet"
            aria-label={`Remove filter ${index + 1}`}
            onClick={() => onChange(filters.filter((_, i) => i !== index))}
          >
            ✕
          </button>
          <FieldNote problems={problems} path={at(index, "op")} id={noteId(index, "op")} />
        </div>
      ))}
      <button
        type="button"
        className="quiet"
        onClick={() => onChange([...filters, { field: "status", op: "=", value: "" }])}
      >
        + Filter
      </button>
    </fieldset>
  );
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.join(", ");
  return value === undefined || value === null ? "" : String(value);
}
