import type uPlot from "uplot";
import type { ChartLine } from "./time-chart.js";

/** Draws labelled dotted vertical lines (an alert's onset) that, unlike change markers, are not clickable. */
export function linesPlugin(lines: () => readonly ChartLine[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        const { top, height, left, width } = u.bbox;
        const ratio = window.devicePixelRatio || 1;
        ctx.save();
        for (const line of lines()) {
          const x = Math.round(u.valToPos(line.atS, "x", true));
          if (x < left || x > left + width) continue;
          ctx.strokeStyle = line.color;
          ctx.fillStyle = line.color;
          ctx.lineWidth = 2 * ratio;
          ctx.setLineDash([2 * ratio, 2 * ratio]);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.font = `${11 * ratio}px system-ui`;
          ctx.textAlign = "left";
          ctx.fillText(line.label, x + 3 * ratio, top + height - 4 * ratio);
        }
        ctx.restore();
      },
    },
  };
}
