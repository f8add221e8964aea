import type { Marker } from "@switchboard/core";
import { type CSSProperties, useLayoutEffect, useRef, useState } from "react";
import type { MarkerGroup } from "./marker-groups.js";
import { markerStyleOf } from "./marker-style.js";

/** What a hovered marker records: its kind in words, who, what and why; a group lists each of its changes. */
export function MarkerTip({ group, left }: { group: MarkerGroup; left: number }) {
  const [only] = group.markers;
  const box = useRef<HTMLDivElement>(null);
  const [flipped, setFlipped] = useState(false);
  // A marker near the right edge (the newest changes) opens its tip to the left, inside the chart.
  // biome-ignore lint/correctness/useExhaustiveDependencies: measured again whenever the tip moves or changes.
  useLayoutEffect(() => {
    const tip = box.current;
    const parent = tip?.offsetParent;
    if (tip === null || !(parent instanceof HTMLElement)) return;
    setFlipped(left + 8 + tip.offsetWidth > parent.clientWidth);
  }, [left, group]);
  const place: CSSProperties = { left, ...(flipped ? { transform: "translateX(calc(-100% - 8px))" } : {}) };
  if (group.markers.length === 1 && only !== undefined) {
    const style = markerStyleOf(only);
    return (
      <div
        ref={box}
        className="marker-tip"
        role="tooltip"
        style={{ ...place, borderColor: style.color }}
        data-testid="marker-tip"
      >
        <MarkerLines marker={only} />
      </div>
    );
  }
  return (
    <div ref={box} className="marker-tip" role="tooltip" style={place} data-testid="marker-tip">
      <strong>{group.markers.length} changes</strong>{" "}
      <span className="muted">within moments of each other; clicking opens the latest</span>
      <ol className="marker-tip-list">
        {[...group.markers].reverse().map((marker) => (
          <li key={`${marker.kind}:${marker.kind === "change" ? marker.change.seq : marker.release.id}`}>
            <MarkerLines marker={marker} />
          </li>
        ))}
      </ol>
    </div>
  );
}

function MarkerLines({ marker }: { marker: Marker }) {
  const style = markerStyleOf(marker);
  return (
    <>
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
    </>
  );
}
