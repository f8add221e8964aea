import { ApiError } from "../api/api-client.js";
import { problemsOf, unclaimed } from "./field-problems.js";

/**
 * Why a save failed, under the form: a version conflict (someone saved in between; the If-Match version is stale)
 * with a way to load their version, or the server's message with the problems no field on the form shows.
 */
export function SaveFailure({
  error,
  shown,
  what,
  onReload,
}: {
  error: Error | null;
  /** The paths the form shows problems at. */
  shown: readonly string[];
  what: string;
  onReload?: () => void;
}) {
  if (error === null) return null;
  if (error instanceof ApiError && error.status === 409 && onReload !== undefined) {
    return (
      <div className="error-note" role="alert" data-testid="version-conflict">
        <p>
          This {what} changed since you opened it: {error.message} Load the saved version to see it (your edits here are
          replaced), then apply them again.
        </p>
        <button type="button" className="quiet" onClick={onReload}>
          Load the saved version
        </button>
      </div>
    );
  }
  const rest = unclaimed(problemsOf(error), shown);
  return (
    <div className="error-note" role="alert" data-testid="save-failure">
      <p>{problemsOf(error).length > rest.length ? `${error.message} See the marked fields.` : error.message}</p>
      {rest.length > 0 && (
        <ul>
          {rest.map((d) => (
            <li key={`${d.path}:${d.message}`}>
              <code>{d.path || "(body)"}</code> {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
