import type { ReactNode } from "react";
import { FieldNote, invalidProps } from "./field-note.js";
import type { FieldProblem } from "./field-problems.js";

/** A labelled control with the server's word about its field underneath. */
export function Field({
  prefix,
  problems,
  path,
  label,
  hint,
  children,
}: {
  /** Makes the control's id unique on the page (`<prefix>-<path>`). */
  prefix: string;
  problems: readonly FieldProblem[];
  path: string;
  label: string;
  hint?: string | undefined;
  children(props: Record<string, unknown>): ReactNode;
}) {
  const controlId = `${prefix}-${path.replace(/[^\w-]/g, "-")}`;
  const noteId = `${controlId}-problem`;
  return (
    <div className="field">
      <label htmlFor={controlId}>{label}</label>
      {children({ id: controlId, ...invalidProps(problems, path, noteId) })}
      {hint !== undefined && <span className="hint">{hint}</span>}
      <FieldNote problems={problems} path={path} id={noteId} />
    </div>
  );
}
