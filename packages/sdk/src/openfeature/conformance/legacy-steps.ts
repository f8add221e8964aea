import assert from "node:assert/strict";
import type { FlagValue } from "@openfeature/core";
import type { ConformanceWorld } from "./conformance-world.js";
import type { ScenarioType } from "./flag-drivers.js";
import type { StepRegistry } from "./step-registry.js";

const Q = '"([^"]*)"';
// A value written bare (10, 0.5) or in quotes ("true", "hi").
const V = '"?([^"]*?)"?';

function parseLegacy(type: string, raw: string): FlagValue {
  if (type === "boolean") return raw === "true";
  if (type === "integer" || type === "float") return Number(raw);
  return raw;
}

/** `"a", "b", and "c"` or `"true", "text" and 100` → the listed values, unquoted. */
function listOf(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(-?\d+(?:\.\d+)?)/g)].map((match) => match[1] ?? match[2] ?? "");
}

async function evaluateAs(world: ConformanceWorld, type: string, key: string, raw: string | undefined) {
  const defaultValue = raw === undefined ? {} : parseLegacy(type, raw);
  world.flag = { type: type as ScenarioType, key, defaultValue };
  await world.evaluate();
}

function assertFields(world: ConformanceWorld, fieldList: string, valueList: string): void {
  const value = world.evaluated.value as Record<string, unknown>;
  const fields = listOf(fieldList);
  const values = listOf(valueList);
  fields.forEach((field, index) => {
    assert.equal(String(value[field]), values[index], `field "${field}"`);
  });
}

/** Steps of the older `evaluation.feature`. */
export function defineLegacySteps(steps: StepRegistry<ConformanceWorld>): void {
  const TYPE = "(boolean|string|integer|float|object)";
  steps
    .define(
      new RegExp(`an? ${TYPE} flag with key ${Q} is evaluated with (?:details and )?default value ${V}`),
      (world, [type = "", key = "", raw = ""]) => evaluateAs(world, type, key, raw),
    )
    .define(
      new RegExp(`an? ${TYPE} flag with key ${Q} is evaluated with (?:details and )?a null default value`),
      (world, [type = "", key = ""]) => evaluateAs(world, type, key, undefined),
    )
    .define(new RegExp(`the resolved ${TYPE} value should be ${V}`), (world, [type = "", raw = ""]) => {
      assert.deepEqual(world.evaluated.value, parseLegacy(type, raw));
    })
    .define(
      new RegExp(
        `the resolved ${TYPE} details value should be ${V}, the variant should be ${Q}, and the reason should be ${Q}`,
      ),
      (world, [type = "", raw = "", variant, reason]) => {
        assert.deepEqual(world.evaluated.value, parseLegacy(type, raw));
        assert.equal(world.evaluated.variant, variant);
        assert.equal(world.evaluated.reason, reason);
      },
    )
    .define(
      /the resolved object (?:details )?value should be contain fields (.+), with values (.+), respectively/,
      (world, [fields = "", values = ""]) => assertFields(world, fields, values),
    )
    .define(new RegExp(`the variant should be ${Q}, and the reason should be ${Q}`), (world, [variant, reason]) => {
      assert.equal(world.evaluated.variant, variant);
      assert.equal(world.evaluated.reason, reason);
    })
    .define(/context contains keys (.+) with values (.+)/, (world, [keyList = "", valueList = ""]) => {
      const keys = listOf(keyList);
      const values = listOf(valueList);
      // As the reference step definitions do: the first three as written (age a number), the fourth a boolean.
      world.context = {
        [keys[0] ?? ""]: values[0] ?? "",
        [keys[1] ?? ""]: values[1] ?? "",
        [keys[2] ?? ""]: Number(values[2]),
        [keys[3] ?? ""]: values[3] === "true",
      };
    })
    .define(new RegExp(`a flag with key ${Q} is evaluated with default value ${Q}`), (world, [key = "", raw = ""]) =>
      evaluateAs(world, "string", key, raw),
    )
    .define(new RegExp(`the resolved string response should be ${Q}`), (world, [raw]) => {
      assert.equal(world.evaluated.value, raw);
    })
    .define(new RegExp(`the resolved flag value is ${Q} when the context is empty`), async (world, [raw]) => {
      world.context = {};
      assert.equal((await world.evaluate()).value, raw);
    })
    .define(
      new RegExp(`a non-existent string flag with key ${Q} is evaluated with details and a fallback value ${Q}`),
      (world, [key = "", raw = ""]) => evaluateAs(world, "string", key, raw),
    )
    .define(
      new RegExp(`a string flag with key ${Q} is evaluated as an integer, with details and a fallback value (\\d+)`),
      (world, [key = "", raw = ""]) => evaluateAs(world, "integer", key, raw),
    )
    .define(/the default (string|integer) value should be returned/, (world) => {
      assert.deepEqual(world.evaluated.value, world.flag?.defaultValue);
    })
    .define(
      new RegExp(`the reason should indicate an error and the error code should indicate an? [a-z ]+ with ${Q}`),
      (world, [code]) => {
        assert.equal(world.evaluated.reason, "ERROR");
        assert.equal(world.evaluated.errorCode, code);
      },
    );
}
