import type { FlagDocument, ListAnswer, StoredDocument } from "@switchboard/core";
import { useMemo, useState } from "react";
import { useApi } from "../api/use-api.js";
import { navigate, useLocation } from "../app/router.js";
import { useSession } from "../app/session.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { orderEnvironments } from "./environment-order.js";
import { FilterBar } from "./filter-bar.js";
import { type FlagFilter, facetsOf, filterFlags, filterFromQuery, filterToQuery } from "./flag-filter.js";
import { FlagList } from "./flag-list.js";
import { NewFlagForm } from "./new-flag-form.js";

const NO_FLAGS: FlagDocument[] = [];

/** Every flag, filtered in the browser (the list is fetched once), with its state in each environment. */
export function FlagsPage() {
  const { query } = useLocation();
  const { canEdit } = useSession();
  const flags = useApi<ListAnswer<FlagDocument>>("/flags");
  const environments = useApi<ListAnswer<StoredDocument<unknown>>>("/environments");
  const [creating, setCreating] = useState(false);
  const filter = useMemo(() => filterFromQuery(query), [query]);
  const all = flags.data?.items ?? NO_FLAGS;
  const envNames = useMemo(() => environmentNames(environments.data?.items, all), [environments.data, all]);
  const facets = useMemo(() => facetsOf(all), [all]);
  const shown = useMemo(() => filterFlags(all, filter, Date.now()), [all, filter]);
  const setFilter = (next: FlagFilter) => navigate(`/flags${filterToQuery(next)}`, { replace: true });

  return (
    <section aria-labelledby="flags-title">
      <div className="page-head">
        <h1 id="flags-title">Flags</h1>
        {canEdit && (
          <button type="button" onClick={() => setCreating((open) => !open)} aria-expanded={creating}>
            New flag
          </button>
        )}
      </div>
      {creating && <NewFlagForm environments={envNames} onCancel={() => setCreating(false)} />}
      <FilterBar
        filter={filter}
        onChange={setFilter}
        tags={facets.tags}
        owners={facets.owners}
        environments={envNames}
      />
      <ErrorNote error={flags.error} />
      {/* Both lists first: drawn before the environments arrive, the columns would come from the flags alone and
          then jump into the configured order. */}
      {(flags.loading && flags.data === undefined) || (environments.loading && environments.data === undefined) ? (
        <p className="loading">Loading flags…</p>
      ) : all.length === 0 ? (
        <EmptyState title="No flags yet">
          <p>Create one with “New flag”, or from the command line:</p>
          <pre>{"switchboard flags create new-checkout --type boolean --owner payments"}</pre>
        </EmptyState>
      ) : (
        <>
          <p className="count" aria-live="polite" data-testid="flag-count">
            {shown.length === all.length ? `${all.length} flags` : `${shown.length} of ${all.length} flags`}
          </p>
          <FlagList flags={shown} environments={envNames} />
        </>
      )}
    </section>
  );
}

function environmentNames(
  docs: readonly StoredDocument<unknown>[] | undefined,
  flags: readonly FlagDocument[],
): string[] {
  // Flags may name environments that were never declared; show those too, after the configured ones.
  const mentioned = flags.slice(0, 200).flatMap((flag) => Object.keys(flag.body.environments ?? {}));
  return orderEnvironments(
    (docs ?? []).map((doc) => doc.key),
    mentioned,
  );
}
