import type { Measurement } from "../lib/measurement.js";
import { type ImplName, LOAD_IMPLS, PEERS, type WorkloadId } from "./workloads.js";

const WORKLOADS: readonly WorkloadId[] = ["w1", "w2", "w3"];
/** Workloads where ours must be at most a tenth of the fastest peer. */
const PEER_TARGET_WORKLOADS: ReadonlySet<WorkloadId> = new Set(["w2", "w3"]);
const PEER_RATIO_TARGET = 0.1;
const FLOOR_RATIO_TARGET = 3;
const GROWTHBOOK_LOAD_RATIO_TARGET = 3;

/** The human table (stderr): medians, ratios against the fastest peer, the floor and GrowthBook, targets met or missed. */
export function summarizeEval(measurements: readonly Measurement[]): string {
  const lines: string[] = [];
  const workloads = WORKLOADS.filter((workload) => measurements.some((m) => m.bench === `eval.${workload}`));
  if (workloads.length > 0) {
    lines.push("", "eval summary (median ns/op; ratios are switchboard ÷ other)");
    lines.push(row(["workload", "switchboard", ...PEERS, "floor", "÷ fastest peer", "÷ floor"]));
  }
  for (const workload of workloads) {
    const bench = `eval.${workload}`;
    const value = (impl: ImplName) => find(measurements, bench, impl, "ns_per_op");
    const peerValues = PEERS.map(value).filter((v): v is number => v !== undefined);
    const fastestPeer = peerValues.length > 0 ? Math.min(...peerValues) : undefined;
    const ours = value("switchboard");
    const peerTarget = PEER_TARGET_WORKLOADS.has(workload) ? PEER_RATIO_TARGET : undefined;
    lines.push(
      row([
        workload,
        ...(["switchboard", ...PEERS, "floor"] as const).map((impl) => format(value(impl))),
        verdict(ratio(ours, fastestPeer), peerTarget),
        verdict(ratio(ours, value("floor")), FLOOR_RATIO_TARGET),
      ]),
    );
  }
  if (measurements.some((m) => m.bench === "eval.load")) lines.push(...loadTable(measurements));
  return lines.join("\n");
}

function loadTable(measurements: readonly Measurement[]): string[] {
  const lines = ["", "eval.load (10,000 flags; median of 5 fresh processes)"];
  lines.push(row(["metric", ...LOAD_IMPLS, "÷ growthbook"]));
  for (const metric of ["ms", "heap_mb"]) {
    const value = (impl: ImplName) => find(measurements, "eval.load", impl, metric);
    const versusGrowthBook = ratio(value("switchboard"), value("growthbook"));
    lines.push(
      row([
        metric,
        ...LOAD_IMPLS.map((impl) => format(value(impl))),
        verdict(versusGrowthBook, GROWTHBOOK_LOAD_RATIO_TARGET),
      ]),
    );
  }
  return lines;
}

function find(measurements: readonly Measurement[], bench: string, impl: ImplName, metric: string): number | undefined {
  return measurements.find((m) => m.bench === bench && m.impl === impl && m.metric === metric)?.value;
}

function ratio(ours: number | undefined, other: number | undefined): number | undefined {
  return ours === undefined || other === undefined || other === 0 ? undefined : ours / other;
}

/** `0.04× met (≤ 0.1×)`; without a target just the ratio; `n/a` when a figure is missing. */
function verdict(value: number | undefined, target: number | undefined): string {
  if (value === undefined) return "n/a";
  const shown = `${value < 0.1 ? value.toFixed(3) : value.toFixed(2)}×`;
  if (target === undefined) return shown;
  return `${shown} ${value <= target ? "met" : "MISSED"} (≤ ${target}×)`;
}

function format(value: number | undefined): string {
  return value === undefined ? "-" : String(value);
}

function row(cells: readonly string[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(9) : cell.padStart(12))).join(" ");
}
