import { describe, expect, it } from "vitest";
import { rememberedUnitId, rememberUnitId, type UnitIdStorage } from "./unit-id-store.js";

function memoryStorage(): UnitIdStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

describe("the remembered unit id", () => {
  it("is empty until the person gives one, then remembered trimmed, and forgotten when cleared", () => {
    const storage = memoryStorage();
    expect(rememberedUnitId(storage)).toBe("");
    rememberUnitId("  user-42 ", storage);
    expect(rememberedUnitId(storage)).toBe("user-42");
    rememberUnitId("", storage);
    expect(rememberedUnitId(storage)).toBe("");
    expect(storage.values.size).toBe(0);
  });

  it("never throws when the browser refuses storage", () => {
    const refusing: UnitIdStorage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {},
    };
    expect(rememberedUnitId(refusing)).toBe("");
    expect(() => rememberUnitId("user-1", refusing)).not.toThrow();
    expect(rememberedUnitId(null)).toBe("");
  });
});
