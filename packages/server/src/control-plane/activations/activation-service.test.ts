import { describe, expect, it } from "vitest";
import { ManualClock } from "../../http/testing/create-test-app.js";
import { AppError } from "../../kernel/app-error.js";
import { FakeConfigStore } from "../../store/fake-config-store.js";
import { createServices } from "../create-services.js";
import { applyAction } from "./activation-service.js";

const editor = { actor: "ana", role: "editor" as const, reason: "test" };

async function setup() {
  const clock = new ManualClock();
  const store = new FakeConfigStore(clock);
  for (const name of ["staging", "production"]) {
    await store.createDocument("environment", name, {}, { actor: "system", action: "environment.create" });
  }
  const deps = { store, clock, config: { reasonRequiredIn: ["production"] } };
  const services = createServices(deps);
  await services.flags.create(
    {
      key: "checkout",
      type: "boolean",
      defaultVariation: "off",
      environments: { production: { rules: [{ id: "rollout", kind: "ramp", serve: "on", percent: 1 }] } },
    },
    editor,
  );
  return { clock, store, services };
}

describe("applyAction", () => {
  const flag = {
    type: "boolean" as const,
    defaultVariation: "off",
    variations: [
      { key: "off", value: false },
      { key: "on", value: true },
    ],
  };

  it("creates the environment entry when a flag has none there yet", () => {
    expect(applyAction(flag, "staging", { op: "kill" }).environments).toEqual({
      staging: { enabled: false, rules: [] },
    });
  });

  it("puts a new serve-me rule first and drops it when its last unit leaves", () => {
    const withRule = applyAction(
      { ...flag, environments: { staging: { rules: [{ id: "r", kind: "ramp", serve: "on", percent: 5 }] } } },
      "staging",
      { op: "serve-me", add: ["a", "b", "a"], attribute: "email" },
    );
    expect(withRule.environments?.["staging"]?.rules?.map((rule) => rule.id)).toEqual(["serve-me", "r"]);
    expect(withRule.environments?.["staging"]?.rules?.[0]?.condition).toEqual({ email: { $in: ["a", "b"] } });
    const emptied = applyAction(withRule, "staging", { op: "serve-me", remove: ["a", "b"] });
    expect(emptied.environments?.["staging"]?.rules?.map((rule) => rule.id)).toEqual(["r"]);
  });

  it("refuses to turn a rule that is not an id list into a serve-me rule", () => {
    const ruled = {
      ...flag,
      environments: { staging: { rules: [{ id: "serve-me", kind: "ramp" as const, serve: "on", percent: 5 }] } },
    };
    expect(() => applyAction(ruled, "staging", { op: "serve-me", add: ["a"] })).toThrow(/is not a serve-me rule/);
  });

  it("asks which ramp rule when there are several", () => {
    const rules = [
      { id: "a", kind: "ramp" as const, serve: "on", percent: 5 },
      { id: "b", kind: "ramp" as const, serve: "on", percent: 5 },
    ];
    expect(() =>
      applyAction({ ...flag, environments: { staging: { rules } } }, "staging", { op: "ramp", percent: 9 }),
    ).toThrow(/several ramp rules/);
  });
});

describe("scheduled activations", () => {
  it("applies a due ramp step as its creator with its reason", async () => {
    const { clock, store, services } = await setup();
    const steps = [{ percent: 50, at: "2025-06-01T10:00:00Z" }];
    await services.schedules.schedule("checkout", { environment: "production", steps, reason: "half" }, editor);
    clock.advance(2 * 3_600_000);
    const [due] = await store.claimDueSchedules(clock.now().toISOString(), clock.now().toISOString(), 10);
    if (due === undefined) throw new Error("no schedule was due");
    await services.activations.applyScheduledAction(due);
    const flag = await services.flags.get("checkout");
    expect(flag.body.environments?.["production"]?.rules?.[0]).toMatchObject({ percent: 50 });
    const [change] = await store.listChanges({ subjectKey: "checkout", limit: 1 });
    expect(change).toMatchObject({ action: "flag.ramp", actor: "ana", reason: "half" });
  });

  it("fails a step whose rule disappeared", async () => {
    const { services } = await setup();
    await services.activations.replaceRules("checkout", "production", { rules: [], reason: "x" }, editor, 1);
    const schedule = {
      id: "s1",
      planId: null,
      flag: "checkout",
      environment: "production",
      runAt: "2025-06-01T10:00:00Z",
      action: { op: "ramp", percent: 50 },
      status: "running" as const,
      createdBy: "ana",
      reason: null,
      error: null,
      appliedAt: null,
    };
    await expect(services.activations.applyScheduledAction(schedule)).rejects.toThrow(/has no ramp rule in production/);
    await expect(
      services.activations.applyScheduledAction({ ...schedule, action: { op: "explode" } }),
    ).rejects.toBeInstanceOf(AppError);
  });
});
