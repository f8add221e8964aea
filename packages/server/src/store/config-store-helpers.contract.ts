import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { AppError } from "../kernel/index.js";
import type { ChangeInput, ConfigStore } from "./config-store.js";
import type { DocumentKindRegistry } from "./document-kind-registry.js";

/** One store under test and what else its backend offers the suite. */
export interface ConfigStoreHarness {
  store: ConfigStore;
  /** The kinds the store accepts; the suite registers kinds of its own to prove any registered kind works. */
  kinds: DocumentKindRegistry;
  /** Runs raw SQL on the store's database (SQL backends). */
  rawQuery?: (sql: string, params?: readonly unknown[]) => Promise<unknown>;
  /** Opens a second store on the same database, like another server of the cluster. */
  openPeer?: () => Promise<ConfigStore>;
  teardown(): Promise<void>;
}

/** Which optional parts of the contract a backend must pass. */
export interface ContractFeatures {
  rawSql?: boolean;
  cluster?: boolean;
}

/** Gives each test its own store view; tests isolate themselves by unique keys, so one store serves a file. */
export type HarnessRef = () => ConfigStoreHarness;

/**
 * The store under test seen through the ports one part of the contract needs, so each port's part states what it
 * depends on (most parts also read the change log, where every write leaves its change).
 */
export type PortRef<P, Extra = Record<never, never>> = () => { store: P } & Extra;

/** A key no other test uses. */
export const uniqueKey = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A change made by `actor`, for writes whose audit fields do not matter to the test. */
export const by = (actor: string, action = "flag.update", extra: Partial<ChangeInput> = {}): ChangeInput => ({
  actor,
  action,
  ...extra,
});

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("Timed out waiting for the condition.");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Expects `promise` to reject with an AppError of `code` and returns it. */
export async function expectAppError(promise: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}
