import assert from "node:assert/strict";
import type { ConformanceWorld } from "./conformance-world.js";
import type { ContextLevels } from "./flag-drivers.js";
import type { StepRegistry } from "./step-registry.js";

const Q = '"([^"]*)"';
const LEVELS: Record<string, keyof ContextLevels> = {
  API: "api",
  Transaction: "transaction",
  Client: "client",
  Invocation: "invocation",
  "Before Hooks": "beforeHook",
};

function addEntry(world: ConformanceWorld, levelName: string, key: string, value: string): void {
  const level = LEVELS[levelName];
  if (level === undefined) throw new Error(`unknown context level "${levelName}"`);
  world.levels[level] = { ...world.levels[level], [key]: value };
}

/** Steps of `contextMerging.feature`. */
export function defineContextSteps(steps: StepRegistry<ConformanceWorld>): void {
  steps
    .define(/a stable provider with retrievable context is registered/, async (world) => {
      await world.useProvider("stable");
    })
    .define(
      new RegExp(`A context entry with key ${Q} and value ${Q} is added to the ${Q} level`),
      (world, [key = "", value = "", level = ""]) => addEntry(world, level, key, value),
    )
    .define(/A table with levels of increasing precedence/, (world, _groups, table) => {
      world.levelOrder = table.map(([level = ""]) => level);
    })
    .define(
      new RegExp(`Context entries for each level from API level down to the ${Q} level, with key ${Q} and value ${Q}`),
      (world, [last = "", key = ""]) => {
        // Each level gets its own name as the value, so the merged value shows which level won.
        for (const level of world.levelOrder) {
          addEntry(world, level, key, level);
          if (level === last) break;
        }
      },
    )
    .define(/Some flag was evaluated/, async (world) => {
      const evaluate = world.driver.evaluateWithLevels;
      if (evaluate === undefined) throw new Error(`the ${world.driver.name} SDK has one static context, no levels`);
      await evaluate(world.levels);
    })
    .define(
      new RegExp(`The merged context contains an entry with key ${Q} and value ${Q}`),
      (world, [key = "", value]) => {
        const seen = world.client?.evaluated.at(-1)?.context;
        assert.ok(seen !== undefined, "the provider received a context");
        assert.equal(seen[key], value);
      },
    );
}
