import { type FieldProblem, messagesAt } from "./field-problems.js";

/** What the server said about one field, right under it (announced to screen readers by its id). */
export function FieldNote({ problems, path, id }: { problems: readonly FieldProblem[]; path: string; id: string }) {
  const messages = messagesAt(problems, path);
  if (messages.length === 0) return null;
  return (
    <span className="field-error" id={id} data-field={path}>
      {messages.join("; ")}
    </span>
  );
}

/** The `aria-invalid` and `aria-describedby` of an input whose field may have problems. */
export function invalidProps(problems: readonly FieldProblem[], path: string, id: string) {
  return messagesAt(problems, path).length > 0 ? { "aria-invalid": true, "aria-describedby": id } : {};
}
