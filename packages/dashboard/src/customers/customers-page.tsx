import type { CustomerSearch } from "@switchboard/core";
import { type FormEvent, useState } from "react";
import { ApiError, callApi, queryString } from "../api/api-client.js";
import { navigate } from "../app/router.js";
import { Link } from "../ui/link.js";
import { ErrorNote } from "../ui/status.js";
import { CustomerLookupView } from "./customer-lookup.js";
import { searchTarget } from "./customer-view.js";

/**
 * The customer-support page: find a unit by id or by an attribute (an e-mail hash…), then see what it sees now, what
 * it was served, its recent requests, and preview exactly that. `unit` comes from the address (`/customers/:unit`).
 */
export function CustomersPage({ unit }: { unit: string | undefined }) {
  const [attribute, setAttribute] = useState("");
  const [value, setValue] = useState(unit ?? "");
  const [matches, setMatches] = useState<CustomerSearch | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [searching, setSearching] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const target = searchTarget(attribute, value);
    setMatches(null);
    setError(null);
    if (target === null) return;
    if (target.kind === "unit") {
      navigate(`/customers/${encodeURIComponent(target.unit)}`);
      return;
    }
    setSearching(true);
    try {
      const found = await callApi<CustomerSearch>(
        "GET",
        `/customers${queryString({ attribute: target.attribute, value: target.value })}`,
      );
      const only = found.units.length === 1 ? found.units[0] : undefined;
      if (only !== undefined) navigate(`/customers/${encodeURIComponent(only.unit)}`);
      else setMatches(found);
    } catch (failure) {
      setError(failure instanceof ApiError || failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setSearching(false);
    }
  };

  return (
    <section aria-labelledby="customers-title">
      <div className="page-head">
        <h1 id="customers-title">Customers</h1>
        <span className="muted">
          What a customer sees, what they saw, and a preview of it. Every lookup is audited.
        </span>
      </div>
      <form className="inline-form card" onSubmit={submit} aria-label="Find a customer">
        <label>
          Attribute
          <input
            value={attribute}
            onChange={(e) => setAttribute(e.target.value)}
            placeholder="unit id (or e.g. email_hash)"
            aria-describedby="attribute-hint"
          />
        </label>
        <label>
          Value
          <input value={value} onChange={(e) => setValue(e.target.value)} placeholder="u-42" required={true} />
        </label>
        <button type="submit" disabled={searching}>
          {searching ? "Searching…" : "Look up"}
        </button>
        <span id="attribute-hint" className="hint">
          Leave the attribute empty to look up a unit id; attributes are read from the events&apos;{" "}
          <code>fields.context</code>.
        </span>
      </form>
      <ErrorNote error={error} />
      {matches !== null && (
        <div className="card" data-testid="customer-matches">
          <h2>
            {matches.units.length} units with {matches.attribute} = {matches.value}
          </h2>
          <ul>
            {matches.units.map((match) => (
              <li key={match.unit}>
                <Link href={`/customers/${encodeURIComponent(match.unit)}`}>{match.unit}</Link>{" "}
                <span className="muted">last seen {match.lastSeen}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {unit !== undefined && <CustomerLookupView key={unit} unit={unit} />}
    </section>
  );
}
