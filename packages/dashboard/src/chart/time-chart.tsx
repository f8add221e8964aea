import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Marker } from "@switchboard/core";
import { linesPlugin } from "./lines-plugin.js";
import type { MarkerGroup } from "./marker-groups.js";
import { markerStyleOf } from "./marker-style.js";
import { markersPlugin } from "./markers-plugin.js";
import { KEEP_CLICKS, SELECT_WITH_SHIFT, zoomPanPlugin } from "./zoom-pan-plugin.js";

/** The x range every chart of a page shows, in seconds; null is "the whole range". */
export type XRange = { min: number; max: number } | null;

/** One line of a chart; `dash` tells lines apart without relying on colour. */
export interface ChartSeries {
  label: string;
  color: string;
  values: readonly (number | null)[];
  dash?: number[];
}

/** A shaded area between two series (indices into `series`), e.g. a prediction band. */
export interface ChartBand {
  upper: number;
  lower: number;
  fill: string;
}

/** A labelled vertical line that is not a change, e.g. an alert's onset. */
export interface ChartLine {
  atS: number;
  label: string;
  color: string;
}

interface Props {
  title: string;
  /** Seconds since the epoch, ascending. */
  times: readonly number[];
  series: readonly ChartSeries[];
  unit: string;
  markers: readonly Marker[];
  range: XRange;
  onRange(range: XRange): void;
  /** The group of markers under the cursor (quick successive changes share one line), or null. */
  onMarkerHover(group: MarkerGroup | null, leftPx: number): void;
  onMarkerClick(group: MarkerGroup): void;
  bands?: readonly ChartBand[];
  lines?: readonly ChartLine[];
}

const MIN_POINTS_FOR_A_LINE = 2;

/** One uPlot time series (canvas, so a week of minutes stays smooth) with the change markers drawn over it. */
export function TimeChart(props: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const [width, setWidth] = useState(800);

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const observer = new ResizeObserver(([entry]) =>
      setWidth(Math.max(320, Math.floor(entry?.contentRect.width ?? 800))),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    // A line needs two points: with fewer (a monitor's first minute) the values are drawn as dots, or nothing shows.
    const sparse = props.times.length < MIN_POINTS_FOR_A_LINE;
    const options: uPlot.Options = {
      width,
      height: 180,
      cursor: {
        drag: { x: true, y: false, setScale: true, click: KEEP_CLICKS },
        sync: { key: "timeline" },
        bind: SELECT_WITH_SHIFT,
      },
      legend: { show: true },
      scales: { x: { time: true } },
      axes: [{}, { label: props.unit, size: 60 }],
      series: [
        {},
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          spanGaps: false,
          points: { show: sparse, size: 6 },
          ...(s.dash === undefined ? {} : { dash: s.dash }),
        })),
      ],
      // uPlot counts the x values as series 0.
      bands: (props.bands ?? []).map((b) => ({ series: [b.upper + 1, b.lower + 1] as [number, number], fill: b.fill })),
      plugins: [
        zoomPanPlugin(() => {
          const all = latest.current.times;
          const min = all[0];
          const max = all.at(-1);
          return min === undefined || max === undefined || max <= min ? null : { min, max };
        }),
        markersPlugin(
          () => latest.current.markers,
          (group, left) => latest.current.onMarkerHover(group, left),
          (group) => latest.current.onMarkerClick(group),
        ),
        linesPlugin(() => latest.current.lines ?? []),
      ],
      hooks: {
        setSelect: [],
        setScale: [
          (u, key) => {
            if (key !== "x") return;
            const { min, max } = u.scales["x"] ?? {};
            const all = latest.current.times;
            const full = min === undefined || max === undefined || (min <= (all[0] ?? 0) && max >= (all.at(-1) ?? 0));
            if (min !== undefined && max !== undefined) latest.current.onRange(full ? null : { min, max });
          },
        ],
      },
    };
    const data: uPlot.AlignedData = [
      props.times as number[],
      ...props.series.map((s) => s.values as (number | null)[]),
    ];
    const plot = new uPlot(options, data, element);
    chart.current = plot;
    return () => {
      plot.destroy();
      chart.current = null;
    };
  }, [width, props.times, props.series, props.unit, props.bands]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: new markers without new data need a redraw only.
  useEffect(() => {
    chart.current?.redraw(false, false);
  }, [props.markers]);

  useEffect(() => {
    const plot = chart.current;
    if (plot === null) return;
    const min = props.range?.min ?? props.times[0];
    const max = props.range?.max ?? props.times.at(-1);
    if (min === undefined || max === undefined) return;
    const current = plot.scales["x"];
    if (current?.min !== min || current?.max !== max) plot.setScale("x", { min, max });
  }, [props.range, props.times]);

  return (
    <figure className="chart">
      <figcaption>
        {props.title} <span className="muted">({props.unit})</span>
      </figcaption>
      <div ref={box} role="img" aria-label={`${props.title} over time, with ${props.markers.length} change markers`} />
      <p className="sr-only">{props.markers.map((m) => `${markerStyleOf(m).word}: ${m.title}`).join("; ")}</p>
    </figure>
  );
}
