import { serveOneRequest } from "../lib/child-runner.js";
import type { LoadedPayload } from "./eval-impl.js";
import { loadImpl } from "./impls/index.js";
import { buildLoadFlags } from "./load-flags.js";
import { buildPopulation, SANITY_USERS, TIMED_USERS } from "./population.js";
import { checkSanity, type SanityFigure } from "./sanity.js";
import { timeEvaluations, warmUp } from "./timing.js";
import { type ImplName, PROBES, type WorkloadId } from "./workloads.js";

/** What the orchestrator asks one fresh worker process to do. */
export type WorkerRequest =
  | { kind: "time"; impl: ImplName; workload: WorkloadId; evaluations: number; sanity: boolean }
  | { kind: "load"; impl: ImplName; flags: number };

/** The worker's single reply. */
export type WorkerReply =
  | { kind: "time"; nsPerOp: number; sink: number; sanity: SanityFigure[] }
  | { kind: "load"; ms: number; heapMb: number; onFraction: number }
  | { kind: "error"; error: string };

function handle(request: WorkerRequest): Promise<WorkerReply> {
  return request.kind === "time" ? timeWorkload(request) : loadPayload(request);
}

async function timeWorkload(request: Extract<WorkerRequest, { kind: "time" }>): Promise<WorkerReply> {
  const impl = await loadImpl[request.impl]();
  const timed = buildPopulation(TIMED_USERS);
  const prepared = await impl.prepare(request.workload, timed.allowList);
  const contexts = timed.users.map((user) => prepared.toContext(user));
  const passes = Math.ceil(request.evaluations / contexts.length);
  const probe = PROBES[request.workload];
  const warmSink = warmUp(prepared, contexts, passes, probe);
  const { nsPerOp, sink } = timeEvaluations(prepared, contexts, passes, probe);
  // Sanity runs after timing so every measured run, first or not, sees the same process history.
  const sanity = request.sanity ? checkSanity(request.workload, prepared, buildPopulation(SANITY_USERS)) : [];
  return { kind: "time", nsPerOp, sink: sink + warmSink, sanity };
}

async function loadPayload(request: Extract<WorkerRequest, { kind: "load" }>): Promise<WorkerReply> {
  const impl = await loadImpl[request.impl]();
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc || !impl.loadPayloadText || !impl.load) throw new Error(`${request.impl} cannot be load-tested here`);
  const text = impl.loadPayloadText(buildLoadFlags(request.flags));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  const loaded = await impl.load(text);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // Kept reachable until exit so the loaded payload is still on the heap when it is measured.
  (globalThis as { loadedPayload?: unknown }).loadedPayload = loaded;
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  return { kind: "load", ms, heapMb, onFraction: checkLoaded(loaded) };
}

/** Share of matching users a loaded jp flag serves `true`: about 5% when the payload really was loaded. */
function checkLoaded(loaded: LoadedPayload): number {
  const users = 2_000;
  let on = 0;
  for (let i = 0; i < users; i++) {
    if (loaded.evaluate("flag-00000", { id: `u-check-${i}`, country: "jp", os: "macOS" }) === true) on++;
  }
  return on / users;
}

serveOneRequest(handle);
