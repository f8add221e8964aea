import type { Marker } from "@switchboard/core";
import type uPlot from "uplot";
import { markerStyleOf } from "./marker-style.js";

const HIT_PX = 6;

/** Draws a vertical line and a glyph per marker, and reports the marker under the cursor (hover) and clicks on it. */
export function markersPlugin(
  markers: () => readonly Marker[],
  onHover: (marker: Marker | null, leftPx: number) => void,
  onClick: (marker: Marker) => void,
): uPlot.Plugin {
  let hovered: Marker | null = null;
  const xOf = (u: uPlot, marker: Marker) => u.valToPos(Date.parse(marker.at) / 1000, "x");
  return {
    hooks: {
      init: (u) => {
        u.over.addEventListener("click", () => {
          if (hovered !== null) onClick(hovered);
        });
      },
      draw: (u) => {
        const ctx = u.ctx;
        const { top, height, left, width } = u.bbox;
        ctx.save();
        for (const marker of markers()) {
          const x = Math.round(u.valToPos(Date.parse(marker.at) / 1000, "x", true));
          if (x < left || x > left + width) continue;
          const style = markerStyleOf(marker);
          ctx.strokeStyle = style.color;
          ctx.fillStyle = style.color;
          ctx.lineWidth = 2 * pxRatio();
          ctx.setLineDash(style.dash.map((d) => d * pxRatio()));
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.font = `${12 * pxRatio()}px system-ui`;
          ctx.textAlign = "center";
          ctx.fillText(style.glyph, x, top + 12 * pxRatio());
        }
        ctx.restore();
      },
      setCursor: (u) => {
        const left = u.cursor.left ?? -1;
        let best: Marker | null = null;
        let bestDistance = HIT_PX;
        if (left >= 0) {
          for (const marker of markers()) {
            const distance = Math.abs(xOf(u, marker) - left);
            if (distance <= bestDistance) {
              best = marker;
              bestDistance = distance;
            }
          }
        }
        if (best !== hovered) {
          hovered = best;
          u.over.style.cursor = best === null ? "" : "pointer";
          onHover(best, best === null ? 0 : xOf(u, best) + u.over.offsetLeft);
        }
      },
    },
  };
}

function pxRatio(): number {
  return window.devicePixelRatio || 1;
}
