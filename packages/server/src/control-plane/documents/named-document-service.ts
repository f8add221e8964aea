import { Type } from "@sinclair/typebox";
import { NAME_PATTERN, structuralProblems, validateFlagSet } from "@switchboard/core";
import { AppError, changeInput, type DraftBody, validationFailed, type WriteContext } from "../../kernel/index.js";
import type { DocumentKind, DocumentStore, DocumentWrite, StoredDocument } from "../../store/index.js";
import { problemsUnder, requireVersion } from "../flags/index.js";

/** The `name` field of create bodies. */
export const NameField = Type.String({ pattern: NAME_PATTERN, description: "The name, unique among its kind." });

/**
 * Create, read, list and replace of a document kind that is one section of a flag set (segments, experiments, metrics),
 * validated by the flag model on its own.
 */
export abstract class NamedDocumentService<T> {
  constructor(
    protected readonly store: DocumentStore,
    private readonly kind: DocumentKind,
    private readonly section: "segments" | "experiments" | "metrics",
  ) {}

  /** Creates a document from `{name, ...body}`; CONFLICT when the name is taken. */
  async create(input: DraftBody, context: WriteContext): Promise<DocumentWrite<T>> {
    const { name, ...rest } = input;
    const nameProblems = structuralProblems(NameField, name, ["name"]);
    const body = this.#check(typeof name === "string" ? name : "x", rest, nameProblems);
    return this.store.createDocument(this.kind, String(name), body, changeInput(context, `${this.kind}.create`));
  }

  /** The stored document (archived too), or NOT_FOUND. */
  async get(name: string): Promise<StoredDocument<T>> {
    const doc = await this.store.getDocument<T>(this.kind, name);
    if (doc === undefined) throw new AppError("NOT_FOUND", `${capitalised(this.kind)} "${name}" does not exist.`);
    return doc;
  }

  /** Every document of the kind, sorted by name. */
  list(includeArchived = false): Promise<StoredDocument<T>[]> {
    return this.store.listDocuments<T>(this.kind, { includeArchived });
  }

  /** Replaces a document; the If-Match version is required. */
  async update(
    name: string,
    input: DraftBody,
    expectedVersion: number | undefined,
    context: WriteContext,
  ): Promise<DocumentWrite<T>> {
    const version = requireVersion(expectedVersion, `${this.kind} "${name}"`);
    const body = this.#check(name, input, []);
    const current = await this.get(name);
    if (current.archived) throw new AppError("UNPROCESSABLE", `${capitalised(this.kind)} "${name}" is archived.`);
    await this.beforeWrite(name, context);
    return this.store.replaceDocument(this.kind, name, version, body, changeInput(context, `${this.kind}.update`));
  }

  /** Problems of a body the flag model accepts that only this kind knows (paths relative to the body). */
  protected semanticProblems(_name: string, _body: T): { path: string; message: string }[] {
    return [];
  }

  /** Hook for checks that depend on the rest of the store (e.g. a reason where a segment is used). */
  protected async beforeWrite(_name: string, _context: WriteContext): Promise<void> {}

  /** The body as the flag model accepts it (defaults filled), or VALIDATION_FAILED with every problem. */
  protected check(name: string, body: unknown): T {
    return this.#check(name, body, []);
  }

  #check(name: string, body: unknown, extra: readonly { path: string; message: string }[]): T {
    const result = validateFlagSet({ version: 1, flags: {}, [this.section]: { [name]: body } });
    const problems = [...extra, ...(result.ok ? [] : problemsUnder([this.section, name], result.problems))];
    if (!result.ok && problems.length === 0) problems.push({ path: "", message: `is not a valid ${this.kind}` });
    if (problems.length > 0 || !result.ok) throw validationFailed(problems);
    const checked = (result.value[this.section] as Record<string, T>)[name] as T;
    const semantic = this.semanticProblems(name, checked);
    if (semantic.length > 0) throw validationFailed(semantic);
    return checked;
  }
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
