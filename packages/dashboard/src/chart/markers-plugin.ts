import type { Marker } from "@switchboard/core";
import type uPlot from "uplot";
import { groupMarkers, latestOf, type MarkerGroup, secondsPerPixels } from "./marker-groups.js";
import { markerStyleOf } from "./marker-style.js";

const HIT_PX = 6;
// Markers closer than this on screen would draw as one thick bar: they become one line with a count.
const GROUP_PX = 10;

/**
 * Draws a vertical line and a glyph per group of markers (with a count badge when several changes fall within a few
 * pixels), and reports the group under the cursor (hover) and clicks on it.
 */
export function markersPlugin(
  markers: () => readonly Marker[],
  onHover: (group: MarkerGroup | null, leftPx: number) => void,
  onClick: (group: MarkerGroup) => void,
): uPlot.Plugin {
  let hovered: MarkerGroup | null = null;
  let groups: MarkerGroup[] = [];
  let groupedFrom: { markers: readonly Marker[]; gapS: number } | null = null;
  const groupsOf = (u: uPlot): MarkerGroup[] => {
    const { min, max } = u.scales["x"] ?? {};
    const gapS = min === undefined || max === undefined ? 0 : secondsPerPixels(max - min, u.over.clientWidth, GROUP_PX);
    const current = markers();
    if (groupedFrom?.markers !== current || groupedFrom.gapS !== gapS) {
      groups = groupMarkers(current, gapS);
      groupedFrom = { markers: current, gapS };
    }
    return groups;
  };
  const xOf = (u: uPlot, group: MarkerGroup) => u.valToPos(group.atS, "x");
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
        const ratio = pxRatio();
        ctx.save();
        for (const group of groupsOf(u)) {
          const x = Math.round(u.valToPos(group.atS, "x", true));
          if (x < left || x > left + width) continue;
          const style = strongestStyle(group);
          ctx.strokeStyle = style.color;
          ctx.fillStyle = style.color;
          ctx.lineWidth = 2 * ratio;
          ctx.setLineDash(style.dash.map((d) => d * ratio));
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.font = `${12 * ratio}px system-ui`;
          ctx.textAlign = "center";
          ctx.fillText(style.glyph, x, top + 12 * ratio);
          if (group.markers.length > 1) drawCount(ctx, group.markers.length, x, top + 16 * ratio, ratio);
        }
        ctx.restore();
      },
      setCursor: (u) => {
        const left = u.cursor.left ?? -1;
        let best: MarkerGroup | null = null;
        let bestDistance = HIT_PX;
        if (left >= 0) {
          for (const group of groupsOf(u)) {
            const distance = Math.abs(xOf(u, group) - left);
            if (distance <= bestDistance) {
              best = group;
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

/** A kill in a group outranks the other changes: the line says the most important thing that happened. */
function strongestStyle(group: MarkerGroup) {
  const styles = group.markers.map(markerStyleOf);
  return styles.find((s) => s.kind === "kill") ?? markerStyleOf(latestOf(group));
}

/** A small round badge with the number of changes a line stands for. */
function drawCount(ctx: CanvasRenderingContext2D, count: number, x: number, y: number, ratio: number): void {
  const text = String(count);
  ctx.setLineDash([]);
  ctx.font = `bold ${10 * ratio}px system-ui`;
  const radius = Math.max(7 * ratio, (ctx.measureText(text).width + 6 * ratio) / 2);
  ctx.beginPath();
  ctx.arc(x, y + radius, radius, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = "#fff";
  ctx.textBaseline = "middle";
  ctx.fillText(text, x, y + radius);
}

function pxRatio(): number {
  return window.devicePixelRatio || 1;
}
