import type { Segment } from "@switchboard/core";

/** Segments picked by name; every picked one must match. A name no longer defined is shown so it can be removed. */
export function SegmentPicker({
  segments,
  picked,
  onChange,
  readOnly,
}: {
  segments: Readonly<Record<string, Segment>>;
  picked: readonly string[];
  onChange(picked: string[]): void;
  readOnly: boolean;
}) {
  const names = [...new Set([...Object.keys(segments).sort(), ...picked])];
  if (names.length === 0) return <p className="muted">Segments: none defined yet.</p>;
  const toggle = (name: string, on: boolean) => onChange(on ? [...picked, name] : picked.filter((p) => p !== name));
  return (
    <fieldset className="segment-picker">
      <legend>Segments (all picked must match)</legend>
      {names.map((name) => {
        const segment = segments[name];
        const about = segment === undefined ? "not defined" : (segment.description ?? describeSegment(segment));
        return (
          <label className="check" key={name} title={about}>
            <input
              type="checkbox"
              checked={picked.includes(name)}
              disabled={readOnly}
              onChange={(e) => toggle(name, e.target.checked)}
            />
            {name}
            {segment === undefined && <span className="row-problem">unknown segment</span>}
          </label>
        );
      })}
    </fieldset>
  );
}

function describeSegment(segment: Segment): string {
  return "ids" in segment ? `${segment.ids.length} ids of ${segment.attribute}` : JSON.stringify(segment.condition);
}
