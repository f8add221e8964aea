import type uPlot from "uplot";
import { panBy, type Span, wheelFactor, zoomAt } from "./zoom-range.js";

const DRAG_THRESHOLD_PX = 3;

/** uPlot's own drag-to-select runs only with shift held, so that a plain drag pans. */
export const SELECT_WITH_SHIFT: uPlot.Cursor.Bind = {
  mousedown: (_self, _target, handler) => (event) => (event.shiftKey && event.button === 0 ? handler(event) : null),
};

/**
 * uPlot swallows the click after a drag by comparing against the last mousedown it saw, which is stale when it
 * did not see the mousedown; the plugin below swallows clicks after any drag itself.
 */
export const KEEP_CLICKS = (_self: uPlot, _event: MouseEvent): null => null;

/** Mouse-wheel zoom around the cursor and drag-to-pan on a time chart; a shift-drag is left to uPlot's selection. */
export function zoomPanPlugin(extent: () => Span | null): uPlot.Plugin {
  let drag: { x: number; from: Span; moved: boolean; select: boolean } | null = null;
  let swallowClick = false;
  const scaleOf = (u: uPlot): Span | null => {
    const { min, max } = u.scales["x"] ?? {};
    return min === undefined || max === undefined || min === null || max === null ? null : { min, max };
  };
  const onMove = (u: uPlot) => (event: MouseEvent) => {
    const whole = extent();
    if (drag === null || whole === null) return;
    const dx = event.clientX - drag.x;
    if (!drag.moved && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
    drag.moved = true;
    if (drag.select) return;
    const perPx = (drag.from.max - drag.from.min) / Math.max(1, u.over.clientWidth);
    const next = panBy(drag.from, whole, -dx * perPx);
    if (next !== null) u.setScale("x", next);
  };
  const listeners = new Map<uPlot, { move: (e: MouseEvent) => void; up: () => void }>();
  return {
    hooks: {
      init: (u) => {
        u.over.addEventListener(
          "wheel",
          (event) => {
            const whole = extent();
            const current = scaleOf(u);
            if (whole === null || current === null) return;
            event.preventDefault();
            const anchor = u.posToVal(event.offsetX, "x");
            u.setScale("x", zoomAt(current, whole, anchor, wheelFactor(event.deltaY)) ?? whole);
          },
          { passive: false },
        );
        u.over.addEventListener("mousedown", (event) => {
          const current = scaleOf(u);
          if (event.button !== 0 || current === null) return;
          drag = { x: event.clientX, from: current, moved: false, select: event.shiftKey };
        });
        // Registered before the markers' click listener, so a pan that ends on a marker does not open it.
        u.over.addEventListener("click", (event) => {
          if (!swallowClick) return;
          swallowClick = false;
          event.stopImmediatePropagation();
        });
        const move = onMove(u);
        const up = () => {
          swallowClick = drag?.moved === true;
          drag = null;
        };
        window.addEventListener("mousemove", move);
        window.addEventListener("mouseup", up);
        listeners.set(u, { move, up });
      },
      destroy: (u) => {
        const own = listeners.get(u);
        if (own === undefined) return;
        window.removeEventListener("mousemove", own.move);
        window.removeEventListener("mouseup", own.up);
        listeners.delete(u);
      },
    },
  };
}
