import {
  type ConditionRow,
  ROW_OPERATORS,
  type RowOperator,
  rowProblem,
  takesList,
  takesValue,
} from "./condition-rows.js";

/** The condition of one rule as attribute / operator / value rows; attributes seen recently are suggested. */
export function ConditionRowsEditor({
  rows,
  onChange,
  suggestions,
  readOnly,
}: {
  rows: readonly ConditionRow[];
  onChange(rows: ConditionRow[]): void;
  /** The id of a `<datalist>` of attribute names. */
  suggestions: string;
  readOnly: boolean;
}) {
  const update = (at: number, change: Partial<ConditionRow>) =>
    onChange(rows.map((row, i) => (i === at ? { ...row, ...change } : row)));
  return (
    <div className="condition-rows">
      {rows.length === 0 && <p className="muted">Everyone (no condition).</p>}
      {rows.map((row, at) => {
        const problem = rowProblem(row);
        const problemId = `${suggestions}-row-${at}-problem`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own; position is theirs.
          <fieldset className="condition-row" aria-label={`Condition ${at + 1}`} key={at}>
            <input
              aria-label="Attribute"
              list={suggestions}
              value={row.attribute}
              placeholder="attribute, e.g. country"
              readOnly={readOnly}
              aria-invalid={problem !== null && row.attribute.trim() === ""}
              onChange={(e) => update(at, { attribute: e.target.value })}
            />
            <select
              aria-label="Operator"
              value={row.operator}
              disabled={readOnly}
              onChange={(e) => update(at, { operator: e.target.value as RowOperator })}
            >
              {ROW_OPERATORS.map((o) => (
                <option key={o.op} value={o.op}>
                  {o.label}
                </option>
              ))}
            </select>
            {takesValue(row.operator) && (
              <input
                aria-label="Value"
                value={row.value}
                placeholder={takesList(row.operator) ? "a, b, c" : "value"}
                readOnly={readOnly}
                aria-invalid={problem !== null && row.attribute.trim() !== ""}
                aria-describedby={problemId}
                onChange={(e) => update(at, { value: e.target.value })}
              />
            )}
            {!readOnly && (
              <button
                type="button"
                className="quiet"
                aria-label={`Remove condition ${at + 1}`}
                onClick={() => onChange(rows.filter((_, i) => i !== at))}
              >
                ✕
              </button>
            )}
            <span id={problemId} className="row-problem" role={problem === null ? undefined : "status"}>
              {problem}
            </span>
          </fieldset>
        );
      })}
      {!readOnly && (
        <button
          type="button"
          className="quiet"
          onClick={() => onChange([...rows, { attribute: "", operator: "eq", value: "" }])}
        >
          + Add condition
        </button>
      )}
    </div>
  );
}
