/** Where this browser remembers the person's unit id for "serve me" (the token's name is not a unit id). */
const KEY = "switchboard.unitId";

/** The storage "serve me" reads and writes: the browser's localStorage, or a stand-in in tests. */
export type UnitIdStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** The unit id remembered in this browser, or "" when the person has not given one yet. */
export function rememberedUnitId(storage: UnitIdStorage | null = browserStorage()): string {
  try {
    return storage?.getItem(KEY) ?? "";
  } catch {
    return "";
  }
}

/** Remembers `unitId` (trimmed) in this browser; an empty one forgets it. */
export function rememberUnitId(unitId: string, storage: UnitIdStorage | null = browserStorage()): void {
  const id = unitId.trim();
  try {
    if (id === "") storage?.removeItem(KEY);
    else storage?.setItem(KEY, id);
  } catch {
    // Storage can be full or switched off (private modes): serving still works, it is just asked again next time.
  }
}

function browserStorage(): UnitIdStorage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}
