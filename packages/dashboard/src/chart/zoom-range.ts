/** A visible x range in seconds. */
export interface Span {
  min: number;
  max: number;
}

/** The narrowest range a zoom reaches, in seconds: a few points of per-minute data. */
export const MIN_SPAN_S = 5 * 60;

/**
 * Zooms `current` around `anchor` by `factor` (< 1 zooms in), kept inside `extent`.
 * Returns null when the result covers the whole extent, which the pages treat as "not zoomed".
 */
export function zoomAt(current: Span, extent: Span, anchor: number, factor: number, minSpan = MIN_SPAN_S): Span | null {
  const full = extent.max - extent.min;
  const width = Math.min(full, Math.max(Math.min(minSpan, full), (current.max - current.min) * factor));
  if (width >= full) return null;
  const share = current.max > current.min ? (anchor - current.min) / (current.max - current.min) : 0.5;
  const min = anchor - width * Math.min(1, Math.max(0, share));
  return clampInto(min, width, extent);
}

/** Moves `current` by `delta` seconds without leaving `extent`; a range the size of the extent stays null. */
export function panBy(current: Span | null, extent: Span, delta: number): Span | null {
  if (current === null) return null;
  return clampInto(current.min + delta, current.max - current.min, extent);
}

function clampInto(min: number, width: number, extent: Span): Span {
  const start = Math.max(extent.min, Math.min(extent.max - width, min));
  return { min: start, max: start + width };
}

/** The wheel's zoom factor: proportional to the scroll, so trackpads and notched wheels both feel right. */
export function wheelFactor(deltaY: number): number {
  return Math.min(4, Math.max(0.25, Math.exp(deltaY * 0.0015)));
}
