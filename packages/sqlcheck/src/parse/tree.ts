/**
 * Small readers over the parsers' JSON trees. Both parsers emit plain objects whose shape depends on the node kind;
 * reading them through these keeps the mapping code typed without copying the parsers' type definitions.
 */
export type Tree = { readonly [key: string]: unknown };

export function isTree(value: unknown): value is Tree {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function child(node: unknown, key: string): Tree | undefined {
  if (!isTree(node)) return undefined;
  const value = node[key];
  return isTree(value) ? value : undefined;
}

export function list(node: unknown, key: string): readonly unknown[] {
  if (!isTree(node)) return [];
  const value = node[key];
  return Array.isArray(value) ? value : [];
}

export function text(node: unknown, key: string): string | undefined {
  if (!isTree(node)) return undefined;
  const value = node[key];
  return typeof value === "string" ? value : undefined;
}

export function num(node: unknown, key: string): number | undefined {
  if (!isTree(node)) return undefined;
  const value = node[key];
  return typeof value === "number" ? value : undefined;
}

export function flag(node: unknown, key: string): boolean {
  return isTree(node) && node[key] === true;
}

/** The single key of a tagged-union node (`{ "AlterTableStmt": {…} }` → `["AlterTableStmt", {…}]`). */
export function tagged(node: unknown): [string, unknown] | undefined {
  if (typeof node === "string") return [node, undefined];
  if (!isTree(node)) return undefined;
  const keys = Object.keys(node);
  const key = keys[0];
  return keys.length === 1 && key !== undefined ? [key, node[key]] : undefined;
}

/** Every value under `node` for which `visit` is called, depth first; stops descending where `visit` returns false. */
export function walk(node: unknown, visit: (key: string, value: unknown) => boolean | undefined): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (!isTree(node)) return;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (visit(key, value) === false) continue;
    walk(value, visit);
  }
}
