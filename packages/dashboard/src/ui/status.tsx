import type { ReactNode } from "react";
import { ApiError } from "../api/api-client.js";

/** An error from the API in words, with each problem's field. */
export function ErrorNote({ error }: { error: Error | null }) {
  if (error === null) return null;
  return (
    <div className="error-note" role="alert">
      <p>{error.message}</p>
      {error instanceof ApiError && error.details.length > 0 && (
        <ul>
          {error.details.map((d) => (
            <li key={`${d.path}:${d.message}`}>
              <code>{d.path || "(body)"}</code> {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A box that says what is missing and what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="empty-state">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
