import type { Marker } from "@switchboard/core";

/** Markers close enough in time to share one line on a chart; a lone marker is a group of one. */
export interface MarkerGroup {
  /** Where the group is drawn: its latest marker, the state that is in effect after it (seconds). */
  atS: number;
  /** Oldest first. */
  markers: Marker[];
}

/**
 * Groups `markers` so that a run of changes each at most `gapS` after the previous one becomes one group: quick
 * successive changes (a ramp clicked up three times) draw one line with a count instead of a pile of lines.
 */
export function groupMarkers(markers: readonly Marker[], gapS: number): MarkerGroup[] {
  const timed = markers
    .map((marker) => ({ marker, atS: Date.parse(marker.at) / 1000 }))
    .filter((m) => Number.isFinite(m.atS))
    .sort((a, b) => a.atS - b.atS);
  const groups: MarkerGroup[] = [];
  let current: MarkerGroup | undefined;
  for (const { marker, atS } of timed) {
    if (current !== undefined && atS - current.atS <= gapS) {
      current.markers.push(marker);
      current.atS = atS;
    } else {
      current = { atS, markers: [marker] };
      groups.push(current);
    }
  }
  return groups;
}

/** The marker a group stands for when clicked or styled: its latest. */
export function latestOf(group: MarkerGroup): Marker {
  return group.markers[group.markers.length - 1] as Marker;
}

/** How many seconds `px` pixels span on an axis showing `rangeS` seconds over `widthPx` pixels. */
export function secondsPerPixels(rangeS: number, widthPx: number, px: number): number {
  return widthPx <= 0 ? 0 : (rangeS / widthPx) * px;
}
