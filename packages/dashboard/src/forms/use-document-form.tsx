import type { StoredDocument } from "@switchboard/core";
import { type FormEvent, type ReactNode, useState } from "react";
import { callApi } from "../api/api-client.js";
import { Field } from "./field.js";
import { type FieldProblem, problemsOf } from "./field-problems.js";

/** Where a document form saves and how its draft becomes the request body. */
export interface DocumentFormOptions<Draft, Id extends keyof Draft & string, Saved> {
  initial: Draft;
  /** The version being edited (sent as If-Match); undefined creates a new document. */
  version: number | undefined;
  /** The collection's path (`/metrics`): POST creates there, PUT `<path>/<id>` replaces. */
  path: string;
  /** The draft's field naming the document (`name`, `key`): sent trimmed on create, in the URL on replace. */
  id: Id;
  /** The request body without the id; may throw, which shows as the save's failure. */
  body(draft: Draft): object;
  /** Makes the controls' ids unique on the page (see `Field`). */
  prefix: string;
  onSaved(doc: StoredDocument<Saved>): void;
}

/** The state of a document form and what its parts call: the draft and its setter, the save, its failure. */
export interface DocumentForm<Draft> {
  draft: Draft;
  set<K extends keyof Draft>(key: K, value: Draft[K]): void;
  creating: boolean;
  busy: boolean;
  error: Error | null;
  problems: readonly FieldProblem[];
  submit(event: FormEvent): Promise<void>;
  /** A labelled control of this form with the server's word about its field underneath. */
  field(path: string, label: string, control: (props: Record<string, unknown>) => ReactNode, hint?: string): ReactNode;
}

/**
 * A form that creates a document (`POST <path>`) or replaces one (`PUT <path>/<id>` with If-Match, so a save over
 * someone else's newer version is refused with 409 instead of overwriting it), with its busy and error state.
 */
export function useDocumentForm<Draft extends Record<Id, string>, Id extends keyof Draft & string, Saved>(
  options: DocumentFormOptions<Draft, Id, Saved>,
): DocumentForm<Draft> {
  const { version, path, id, prefix } = options;
  const [draft, setDraft] = useState(options.initial);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const creating = version === undefined;
  const problems = problemsOf(error);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((old) => ({ ...old, [key]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = options.body(draft);
      const saved = creating
        ? await callApi<StoredDocument<Saved>>("POST", path, { body: { [id]: draft[id].trim(), ...body } })
        : await callApi<StoredDocument<Saved>>("PUT", `${path}/${encodeURIComponent(draft[id])}`, {
            body,
            ifMatch: version,
          });
      options.onSaved(saved);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  };
  const field = (
    fieldPath: string,
    label: string,
    control: (props: Record<string, unknown>) => ReactNode,
    hint?: string,
  ) => (
    <Field prefix={prefix} problems={problems} path={fieldPath} label={label} hint={hint}>
      {control}
    </Field>
  );
  return { draft, set, creating, busy, error, problems, submit, field };
}
