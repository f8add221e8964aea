/** The list with the item at `from` moved to position `to` (both clamped to the list); a new array. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const result = [...items];
  if (from < 0 || from >= items.length) return result;
  const target = Math.min(items.length - 1, Math.max(0, to));
  const [moved] = result.splice(from, 1);
  if (moved !== undefined) result.splice(target, 0, moved);
  return result;
}
