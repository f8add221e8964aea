import type { BuiltInDocumentKind, DocumentKind } from "@switchboard/core";
import { AppError } from "../kernel/index.js";

/** The kinds every server has; features register theirs (metrics, monitors, channels, ...) next to these. */
export const BUILT_IN_DOCUMENT_KINDS: readonly BuiltInDocumentKind[] = [
  "flag",
  "segment",
  "experiment",
  "environment",
  "service",
];

// Kinds end up in action names (`metric.create`) and URLs, so they keep to one lower-case word with dashes.
const KIND_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * The open set of document kinds a config store accepts. A kind registered here gets versions, compare-and-swap,
 * archiving, history and change-log markers from the store without a table or code of its own; an unregistered
 * kind is refused, so a typo cannot create a parallel world of documents.
 *
 * @example
 * const kinds = DocumentKindRegistry.withBuiltIns().register("metric");
 * const store = new FakeConfigStore(clock, kinds);
 */
export class DocumentKindRegistry {
  readonly #kinds = new Set<string>();

  /** A registry holding the built-in kinds. */
  static withBuiltIns(): DocumentKindRegistry {
    const registry = new DocumentKindRegistry();
    for (const kind of BUILT_IN_DOCUMENT_KINDS) registry.register(kind);
    return registry;
  }

  /** Adds a kind; registering one twice is a wiring mistake, so it throws. */
  register(kind: string): this {
    if (!KIND_PATTERN.test(kind)) {
      throw new Error(`Document kind "${kind}" must be lower-case letters, digits and dashes, starting with a letter.`);
    }
    if (this.#kinds.has(kind)) throw new Error(`Document kind "${kind}" is already registered.`);
    this.#kinds.add(kind);
    return this;
  }

  has(kind: string): kind is DocumentKind {
    return this.#kinds.has(kind);
  }

  /** Throws AppError BAD_REQUEST for a kind nobody registered. */
  require(kind: string): DocumentKind {
    if (!this.has(kind)) throw new AppError("BAD_REQUEST", `"${kind}" is not a registered document kind.`);
    return kind;
  }

  /** The registered kinds, in registration order. */
  list(): readonly DocumentKind[] {
    return [...this.#kinds];
  }
}
