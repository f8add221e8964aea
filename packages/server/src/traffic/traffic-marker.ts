import type { TrafficServiceDocument } from "@switchboard/proxy";
import type { Change } from "../store/index.js";

const WORDS: Readonly<Record<string, string>> = {
  "traffic.switch": "pool switch",
  "traffic.ramp": "pool ramp",
  "traffic.back": "back button",
  "traffic.drain": "pool drain",
  "traffic.rules": "routing rules",
  "traffic.service.create": "service created",
  "traffic.pool.put": "pool updated",
  "traffic.pool.delete": "pool removed",
  "traffic.plan.start": "ramp plan started",
  "traffic.plan.done": "ramp plan done",
  "traffic.plan.cancel": "ramp plan cancelled",
  "traffic.preview": "preview token",
};

/**
 * The timeline title of a traffic change, e.g. `pool switch web in production: all to b (64fd32f) by alice`;
 * undefined for changes that are not about traffic.
 */
export function trafficMarkerTitle(change: Change): string | undefined {
  const words = WORDS[change.action];
  if (words === undefined || change.subjectKind !== "service") return undefined;
  const doc = change.after as Partial<TrafficServiceDocument> | null;
  const name = doc?.name ?? change.subjectKey;
  const where = change.environment === null ? "" : ` in ${change.environment}`;
  const split = doc?.routing === undefined ? "" : `: ${describeSplit(doc as TrafficServiceDocument)}`;
  return `${words} ${name}${where}${split} by ${change.actor}`;
}

function describeSplit(doc: TrafficServiceDocument): string {
  const release = (pool: string) => {
    const sha = doc.pools?.find((p) => p.name === pool)?.release;
    return sha === null || sha === undefined ? "" : ` (${sha})`;
  };
  const target = doc.routing.target;
  if (target.kind === "pool") return `all to ${target.pool}${release(target.pool)}`;
  return target.weights.map((w) => `${w.pool}${release(w.pool)} ${w.percent}%`).join(", ");
}
