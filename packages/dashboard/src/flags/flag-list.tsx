import type { FlagDocument } from "@switchboard/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import { Link } from "../ui/link.js";
import { envStateOf } from "./flag-state.js";

const ROW_PX = 44;
// Labels longer than this may not fit two lines of a column: they also show in full on hover.
const LONG_LABEL = 24;

/** The flag table, virtualised: only the rows in view are in the page, so 5,000 flags scroll like 50. */
export function FlagList({ flags, environments }: { flags: readonly FlagDocument[]; environments: readonly string[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: flags.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
  });
  const columns = `minmax(14rem, 2fr) minmax(7rem, 1fr) ${environments.map(() => "minmax(7rem, 1fr)").join(" ")} 8rem`;
  return (
    <div ref={scroller} className="flag-scroll" data-testid="flag-scroll">
      <table className="flag-table" aria-rowcount={flags.length + 1}>
        <thead>
          <tr className="flag-row head" style={{ gridTemplateColumns: columns }}>
            <th scope="col">Flag</th>
            <th scope="col">Owner</th>
            {environments.map((env) => (
              <th scope="col" key={env}>
                {env}
              </th>
            ))}
            <th scope="col">Changed</th>
          </tr>
        </thead>
        <tbody style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const doc = flags[item.index];
            if (doc === undefined) return null;
            return (
              <tr
                key={doc.key}
                aria-rowindex={item.index + 2}
                className="flag-row"
                style={{ gridTemplateColumns: columns, transform: `translateY(${item.start}px)`, height: ROW_PX }}
              >
                <td className="flag-key">
                  <Link href={`/flags/${encodeURIComponent(doc.key)}`}>{doc.key}</Link>
                  {(doc.body.tags ?? []).slice(0, 3).map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))}
                </td>
                <td>{doc.body.owner ?? "—"}</td>
                {environments.map((env) => {
                  const state = envStateOf(doc.body, env);
                  return (
                    <td
                      key={env}
                      className={`state state-${state.kind}`}
                      tabIndex={state.label.length > LONG_LABEL ? 0 : undefined}
                    >
                      <span className="state-text">{state.label}</span>
                      {state.label.length > LONG_LABEL && (
                        <span role="tooltip" className="cell-tip">
                          {env}: {state.label}
                        </span>
                      )}
                    </td>
                  );
                })}
                <td className="muted">
                  <time dateTime={doc.updatedAt}>{relativeTime(doc.updatedAt)}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** "3 min ago", "2 h ago", "5 d ago". */
export function relativeTime(iso: string, nowMs: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}
