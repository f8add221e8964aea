import type { Marker } from "@switchboard/core";

/** How a marker looks: a colour and, so colour is never the only signal, a glyph and a word. */
export interface MarkerStyle {
  kind: "kill" | "change" | "release" | "traffic";
  color: string;
  glyph: string;
  word: string;
  dash: number[];
}

const STYLES: Readonly<Record<MarkerStyle["kind"], MarkerStyle>> = {
  kill: { kind: "kill", color: "#b3261e", glyph: "✕", word: "kill", dash: [6, 3] },
  change: { kind: "change", color: "#1f5fbf", glyph: "▲", word: "flag change", dash: [] },
  release: { kind: "release", color: "#1b7a3a", glyph: "◆", word: "release", dash: [2, 3] },
  traffic: { kind: "traffic", color: "#7b3fa6", glyph: "⇄", word: "pool switch", dash: [8, 2, 2, 2] },
};

/** Every style, for the legend. */
export const MARKER_STYLES: readonly MarkerStyle[] = Object.values(STYLES);

/** The style of one marker, by what it records. */
export function markerStyleOf(marker: Marker): MarkerStyle {
  if (marker.kind === "release") return STYLES.release;
  const action = marker.change?.action ?? "";
  if (action.startsWith("traffic.")) return STYLES.traffic;
  if (action.endsWith(".kill")) return STYLES.kill;
  return STYLES.change;
}

/** Where clicking a marker leads: the change in its flag's history, or the traffic page. */
export function markerHref(marker: Marker): string | null {
  if (marker.kind !== "change") return null;
  const change = marker.change;
  if (change.subjectKind === "flag") {
    const env = change.environment === null ? "" : `?env=${encodeURIComponent(change.environment)}`;
    return `/flags/${encodeURIComponent(change.subjectKey)}${env}#change-${change.seq}`;
  }
  if (change.subjectKind === "service") return `/traffic?service=${encodeURIComponent(change.subjectKey)}`;
  return null;
}
