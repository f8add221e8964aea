import type { CodeReferenceSet, LocatedReference } from "@switchboard/core";
import { AppError, type Clock, changeInput, type WriteContext } from "../../kernel/index.js";
import type { DocumentStore } from "../../store/index.js";
import type { ServiceDeps } from "../service-deps.js";
import type { CodeReferenceUploadInput, ListCodeReferencesQuery } from "./code-reference-schemas.js";

/** The document kind of a stored scan: one document per repository and branch. */
export const CODE_REFERENCES_KIND = "code-references";

/** The document key of a repository's branch (`#` cannot occur in a repository name, see the upload schema). */
export function codeReferencesKey(repository: string, branch: string): string {
  return `${repository}#${branch}`;
}

/** Fills a repository's URL template for one reference; null without a template. */
export function referenceUrl(set: CodeReferenceSet, file: string, line: number): string | null {
  if (set.urlTemplate === undefined) return null;
  return set.urlTemplate
    .replaceAll("{commit}", encodeURIComponent(set.commit))
    .replaceAll("{branch}", encodeURIComponent(set.branch))
    .replaceAll("{file}", file.split("/").map(encodeURIComponent).join("/"))
    .replaceAll("{line}", String(line));
}

/** Every stored reference of a flag (or of every flag), with its repository, branch and link. */
export function locateReferences(sets: readonly CodeReferenceSet[], flag?: string): LocatedReference[] {
  return sets.flatMap((set) =>
    set.references
      .filter((reference) => flag === undefined || reference.flag === flag)
      .map((reference) => ({
        ...reference,
        repository: set.repository,
        branch: set.branch,
        commit: set.commit,
        url: referenceUrl(set, reference.file, reference.line),
      })),
  );
}

/**
 * Code references uploaded by `switchboard scan --upload`: the server keeps the latest scan of each repository and
 * branch (an upload replaces the previous one), so it knows where each flag lives.
 */
export class CodeReferenceService {
  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock,
  ) {}

  /** Stores a scan, replacing the previous one of the same repository and branch. */
  async upload(input: CodeReferenceUploadInput, context: WriteContext): Promise<CodeReferenceSet> {
    const set: CodeReferenceSet = { ...input, uploadedAt: this.clock.now().toISOString() };
    const key = codeReferencesKey(input.repository, input.branch);
    const summary = `${input.references.length} references at ${input.commit}`;
    const change = changeInput({ ...context, reason: context.reason ?? summary }, `${CODE_REFERENCES_KIND}.upload`);
    const current = await this.store.getDocument<CodeReferenceSet>(CODE_REFERENCES_KIND, key);
    if (current === undefined) {
      await this.store.createDocument(CODE_REFERENCES_KIND, key, set, change);
    } else {
      await this.store.replaceDocument(CODE_REFERENCES_KIND, key, current.version, set, change, { archived: false });
    }
    return set;
  }

  /** The latest scan of each repository and branch, or only the references of one flag in each. */
  async list(query: ListCodeReferencesQuery): Promise<CodeReferenceSet[]> {
    const sets = await storedSets(this.store);
    if (query.flag === undefined) return sets;
    return sets.map((set) => ({ ...set, references: set.references.filter((r) => r.flag === query.flag) }));
  }

  /** Refuses, with the references, when code still uses a flag (what archiving checks). */
  async refuseWhileReferenced(flag: string): Promise<void> {
    const references = locateReferences(await storedSets(this.store), flag);
    if (references.length === 0) return;
    const where = references.map((r) => ({
      path: `${r.repository}@${r.branch}:${r.file}:${r.line}`,
      message: r.text ?? `${r.kind} ${r.via ?? ""}`.trim(),
    }));
    throw new AppError(
      "CONFLICT",
      `Flag "${flag}" is still used in code (${references.length} reference${references.length === 1 ? "" : "s"}); remove them first (switchboard cleanup ${flag}) or archive with force and a reason.`,
      where,
      { references },
    );
  }
}

/** The stored scans, by repository and branch. */
export async function storedSets(store: DocumentStore): Promise<CodeReferenceSet[]> {
  const docs = await store.listDocuments<CodeReferenceSet>(CODE_REFERENCES_KIND);
  return docs.map((doc) => doc.body);
}

/** Builds the code-reference service (what the composition root calls). */
export function createCodeReferenceService({
  store,
  clock,
}: Pick<ServiceDeps<DocumentStore>, "store" | "clock">): CodeReferenceService {
  return new CodeReferenceService(store, clock);
}
