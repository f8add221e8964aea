import assert from "node:assert/strict";
import type { EvaluationContext } from "@openfeature/core";
import { type ConformanceWorld, parseTyped, unescapeQuoted } from "./conformance-world.js";
import type { ScenarioType } from "./flag-drivers.js";
import type { StepRegistry } from "./step-registry.js";

const Q = '"((?:[^"\\\\]|\\\\.)*)"';

function asNull(value: unknown): unknown {
  return value === undefined ? null : value;
}

function expectedCell(dataType: string, raw: string): unknown {
  if (raw === "null") return null;
  return parseTyped(dataType, raw);
}

/** Steps of `evaluation_v2.feature`, `metadata.feature` and `hooks.feature`. */
export function defineEvaluationSteps(steps: StepRegistry<ConformanceWorld>): void {
  steps
    .define(/a (stable|not ready|error|stale|fatal) provider/, async (world, [state]) => {
      if (state === "fatal") throw new Error("Switchboard has no fatal state: it keeps serving its last payload");
      await world.useProvider(state as "stable" | "not ready" | "error" | "stale");
    })
    .define(
      new RegExp(`an? (boolean|string|integer|float|object)-flag with key ${Q} and a fallback value ${Q}`, "i"),
      (world, [type = "", key = "", raw = ""]) => {
        world.flag = { type: type.toLowerCase() as ScenarioType, key, defaultValue: parseTyped(type, raw) };
      },
    )
    .define(
      new RegExp(`a context containing a key ${Q}, with type ${Q} and with value ${Q}`),
      (world, [key = "", type = "", raw = ""]) => {
        world.context = { ...world.context, [key]: parseTyped(type, raw) };
      },
    )
    .define(new RegExp(`a context containing a key ${Q} with null value`), (world, [key = ""]) => {
      world.context = { ...world.context, [key]: null };
    })
    .define(/the flag was evaluated with details/, async (world) => {
      await world.evaluate();
    })
    .define(/the flag was evaluated with details asynchronously/, async (world) => {
      assert.ok(world.driver.asynchronous, `the ${world.driver.name} SDK evaluates synchronously`);
      await world.evaluate();
    })
    .define(/the evaluation should complete without blocking/, (world) => {
      assert.ok(world.details !== undefined, "the evaluation completed");
    })
    .define(new RegExp(`the resolved details value should be ${Q}`), (world, [raw = ""]) => {
      assert.deepEqual(world.evaluated.value, parseTyped(world.flag?.type ?? "string", raw));
    })
    .define(new RegExp(`the reason should be ${Q}`), (world, [reason]) => {
      assert.equal(world.evaluated.reason, reason);
    })
    .define(new RegExp(`the error-code should be ${Q}`), (world, [code]) => {
      assert.equal(world.evaluated.errorCode, code);
    })
    .define(new RegExp(`the flag key should be ${Q}`), (world, [key]) => {
      assert.equal(world.evaluated.flagKey, key);
    })
    .define(new RegExp(`the variant should be ${Q}`), (world, [variant]) => {
      assert.equal(world.evaluated.variant, variant);
    })
    .define(/the resolved metadata should contain/, (world, _groups, [, ...rows]) => {
      for (const [key = "", type = "", raw = ""] of rows) {
        assert.deepEqual(world.evaluated.flagMetadata[key], parseTyped(type, raw), `metadata "${key}"`);
      }
    })
    .define(/the resolved metadata is empty/, (world) => {
      assert.deepEqual({ ...world.evaluated.flagMetadata }, {});
    })
    .define(new RegExp(`the provider status should be ${Q}`), (world, [status]) => {
      assert.equal(world.driver.providerStatus(), status);
    })
    .define(/evaluation options containing specific hooks/, (world) => {
      world.optionHooks = [world.recordingHook("first"), world.recordingHook("second")];
    })
    .define(/the flag was evaluated with details using the evaluation options/, async (world) => {
      await world.evaluate(world.optionHooks);
    })
    .define(/the specified hooks should execute during evaluation/, (world) => {
      for (const hook of ["first", "second"]) {
        const stages = world.hookCalls.filter((call) => call.hook === hook).map((call) => call.stage);
        assert.deepEqual(stages, ["before", "after", "finally"], `stages of hook "${hook}"`);
      }
    })
    .define(/the hook order should be maintained/, (world) => {
      const order = world.hookCalls.map((call) => `${call.stage}:${call.hook}`);
      const expected = [
        "before:first",
        "before:second",
        "after:second",
        "after:first",
        "finally:second",
        "finally:first",
      ];
      assert.deepEqual(order, expected);
    })
    .define(/an evaluation context with modifiable data/, (world) => {
      world.context = { targetingKey: "user-1", plan: "pro", tags: ["a", "b"], address: { country: "jp" } };
      world.contextSnapshot = JSON.stringify(world.context);
    })
    .define(/the original evaluation context should remain unmodified/, (world) => {
      assert.equal(JSON.stringify(world.context), world.contextSnapshot);
    })
    .define(/the evaluation details should be immutable/, (world) => {
      assert.ok(Object.isFrozen(world.evaluated.flagMetadata), "flag metadata is frozen");
    })
    .define(/a client with added hook/, (world) => {
      world.driver.addClientHook(world.recordingHook("client"));
    })
    .define(new RegExp(`the ${Q} hook should have been executed`), (world, [stage]) => {
      assert.ok(
        world.hookCalls.some((call) => call.stage === stage),
        `the ${stage} hook ran`,
      );
    })
    .define(new RegExp(`the ${Q} hooks should be called with evaluation details`), (world, [stages = ""], table) => {
      for (const stage of stages.split(",").map((part) => part.trim())) {
        const call = world.hookCalls.find((candidate) => candidate.stage === stage);
        assert.ok(call?.details !== undefined, `the ${stage} hook got evaluation details`);
        const fields: Record<string, unknown> = {
          flag_key: call.details.flagKey,
          value: call.details.value,
          variant: asNull(call.details.variant),
          reason: asNull(call.details.reason),
          error_code: asNull(call.details.errorCode),
        };
        for (const [dataType = "", key = "", raw = ""] of table.slice(1)) {
          assert.deepEqual(fields[key], expectedCell(dataType, unescapeQuoted(raw)), `${stage}: ${key}`);
        }
      }
    });
}

/** Context with the given entries added, as the context steps build it. */
export function withEntry(context: EvaluationContext | undefined, key: string, value: string): EvaluationContext {
  return { ...context, [key]: value };
}
