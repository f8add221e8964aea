import type { Marker } from "@switchboard/core";
import { markerStyleOf } from "./marker-style.js";

/** What a hovered marker records: its kind in words, who, what and why. */
export function MarkerTip({ marker, left }: { marker: Marker; left: number }) {
  const style = markerStyleOf(marker);
  return (
    <div className="marker-tip" role="tooltip" style={{ left, borderColor: style.color }} data-testid="marker-tip">
      <strong style={{ color: style.color }}>
        {style.glyph} {style.word}
      </strong>
      <div>{marker.title}</div>
      {marker.kind === "change" && (
        <div className="muted">
          {marker.change.action} by {marker.change.actor}
          {marker.change.reason !== null && <> — “{marker.change.reason}”</>}
        </div>
      )}
      <time className="muted" dateTime={marker.at}>
        {new Date(marker.at).toLocaleString()}
      </time>
    </div>
  );
}
