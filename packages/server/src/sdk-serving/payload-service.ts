import type { FeatureDefinition } from "@switchboard/core";
import { AppError } from "../kernel/index.js";
import type { ChangeLog, CommitFeed, DocumentStore } from "../store/index.js";
import { type Audience, type CompiledPayload, compilePayload } from "./compiled-payload.js";
import { advanceFlagSetSnapshot, type FlagSetSnapshot, loadFlagSetSnapshot } from "./flag-set-snapshot.js";

/** What a client that has seen `afterSeq` is missing: nothing, a patch of features, or the full payload. */
export type PayloadDelta =
  | { kind: "none" }
  | { kind: "patch"; features: Record<string, FeatureDefinition | null> }
  | { kind: "full" };

/** Options of {@link PayloadService}. */
export interface PayloadServiceOptions {
  /** More changes than this since a client's last event, and it gets the full payload instead of a patch. */
  maxPatchChanges?: number;
  /** Told when a snapshot cannot be built or compiled; the last good payload keeps being served. */
  onError?: (error: unknown) => void;
}

// Documents whose change can alter any flag's compiled form (segments are inlined; environments are declared).
const FULL_PAYLOAD_KINDS: ReadonlySet<string> = new Set(["segment", "environment"]);

/**
 * Compiled SDK payloads per (environment, audience), cached with their bytes and ETag until the store commits a
 * change, and the patches that bring a client from an older change up to date.
 */
export class PayloadService {
  private snapshot: FlagSetSnapshot | undefined;
  private compiled = new Map<string, CompiledPayload>();
  private readonly lastGood = new Map<string, CompiledPayload>();
  private knownSeq = 0;
  private building: Promise<FlagSetSnapshot> | undefined;
  private buildingFor = -1;
  private readonly listeners = new Set<(seq: number) => void>();
  private readonly unsubscribe: () => void;
  private readonly maxPatchChanges: number;

  constructor(
    private readonly store: DocumentStore & ChangeLog & CommitFeed,
    private readonly options: PayloadServiceOptions = {},
  ) {
    this.maxPatchChanges = options.maxPatchChanges ?? 500;
    this.unsubscribe = store.onCommitted((seq) => this.committed(seq));
  }

  /** Calls `listener` after every committed change, once cached payloads are stale. Returns an unsubscribe function. */
  subscribe(listener: (seq: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The cached payload when it is current, without waiting: the hot path of pollers. */
  cached(environment: string, audience: Audience): CompiledPayload | undefined {
    const snapshot = this.snapshot;
    if (snapshot === undefined || snapshot.seq < this.knownSeq) return undefined;
    return this.compiled.get(cacheKey(environment, audience));
  }

  /** The current payload of an environment. Throws AppError NOT_FOUND for an unknown environment. */
  async latest(environment: string, audience: Audience): Promise<CompiledPayload> {
    const hit = this.cached(environment, audience);
    if (hit) return hit;
    const snapshot = await this.currentSnapshot();
    const key = cacheKey(environment, audience);
    const existing = this.snapshot === snapshot ? this.compiled.get(key) : undefined;
    if (existing) return existing;
    if (!snapshot.environments.has(environment)) {
      throw new AppError("NOT_FOUND", `Environment "${environment}" does not exist.`);
    }
    let compiled: CompiledPayload;
    try {
      compiled = compilePayload(snapshot, environment, audience, this.lastGood.get(key));
      this.lastGood.set(key, compiled);
    } catch (error) {
      this.options.onError?.(error);
      const fallback = this.lastGood.get(key);
      if (!fallback) {
        throw new AppError("UNAVAILABLE", `The payload of "${environment}" cannot be compiled; try again later.`);
      }
      compiled = fallback;
    }
    if (this.snapshot === snapshot) this.compiled.set(key, compiled);
    return compiled;
  }

  /**
   * What a client that last saw change `afterSeq` is missing to reach `current`: a patch of the flags changed
   * since (null for removed ones), or the full payload when it is too far behind or a segment changed.
   */
  async deltaSince(afterSeq: number, current: CompiledPayload): Promise<PayloadDelta> {
    if (afterSeq === current.seq) return { kind: "none" };
    if (afterSeq <= 0 || afterSeq > current.seq) return { kind: "full" };
    const basis = current.basis;
    if (basis !== null && basis.previousSeq === afterSeq) {
      return basis.full ? { kind: "full" } : patchOf(basis.flags, current);
    }
    const [oldest] = await this.store.listChanges({ ascending: true, limit: 1 });
    if (oldest === undefined || afterSeq < oldest.seq) return { kind: "full" };
    const changes = await this.store.listChanges({
      afterSeq,
      beforeSeq: current.seq + 1,
      ascending: true,
      limit: this.maxPatchChanges + 1,
    });
    if (changes.length > this.maxPatchChanges) return { kind: "full" };
    const keys = new Set<string>();
    for (const change of changes) {
      if (FULL_PAYLOAD_KINDS.has(change.subjectKind)) return { kind: "full" };
      if (change.subjectKind === "flag") keys.add(change.subjectKey);
    }
    return patchOf(keys, current);
  }

  /** Stops listening to the store. */
  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private committed(seq: number): void {
    if (seq > this.knownSeq) this.knownSeq = seq;
    for (const listener of this.listeners) listener(seq);
  }

  private currentSnapshot(): Promise<FlagSetSnapshot> {
    const wanted = this.knownSeq;
    if (this.snapshot && this.snapshot.seq >= wanted) return Promise.resolve(this.snapshot);
    if (this.building === undefined || this.buildingFor < wanted) {
      const building = this.build();
      this.building = building;
      this.buildingFor = wanted;
      const clear = (): void => {
        if (this.building === building) this.building = undefined;
      };
      building.then(clear, clear);
    }
    return this.building;
  }

  private async build(): Promise<FlagSetSnapshot> {
    try {
      const previous = this.snapshot;
      const snapshot = await (previous
        ? advanceFlagSetSnapshot(this.store, previous)
        : loadFlagSetSnapshot(this.store));
      if (this.snapshot === undefined || snapshot.seq > this.snapshot.seq) {
        this.snapshot = snapshot;
        this.compiled = new Map();
      }
      if (snapshot.seq > this.knownSeq) this.knownSeq = snapshot.seq;
      return this.snapshot;
    } catch (error) {
      this.options.onError?.(error);
      if (this.snapshot) return this.snapshot;
      throw new AppError("UNAVAILABLE", "The config store cannot be read; try again later.");
    }
  }
}

function patchOf(changed: ReadonlySet<string>, current: CompiledPayload): PayloadDelta {
  if (changed.size === 0) return { kind: "none" };
  // A flag naming a changed flag as prerequisite has that flag's variation value compiled in: it changes too.
  const keys = new Set(changed);
  for (const key of changed) for (const dependent of current.parts.dependents.get(key) ?? []) keys.add(dependent);
  const features: Record<string, FeatureDefinition | null> = {};
  for (const key of [...keys].sort()) features[key] = current.parts.feature(key) ?? null;
  return { kind: "patch", features };
}

function cacheKey(environment: string, audience: Audience): string {
  return `${audience}\u0000${environment}`;
}
