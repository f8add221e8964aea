import type { CustomerEnvironmentNow, CustomerPreview, CustomerPreviewGrant, ListAnswer } from "@switchboard/core";
import { type FormEvent, useState } from "react";
import { callApi } from "../api/api-client.js";
import { useApi } from "../api/use-api.js";
import { ErrorNote } from "../ui/status.js";
import { shortTime, utcFromLocalInput } from "./customer-view.js";

const LIFETIMES = [
  { seconds: 900, label: "15 minutes" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "1 day" },
];

/**
 * "Preview as this customer": mints a signed, time-limited token (audited) that makes the bearer's own session see
 * the unit's variations now or at a chosen moment; lists the unit's previews with a revoke button.
 */
export function PreviewPanel({
  unit,
  now,
  initial,
}: {
  unit: string;
  now: readonly CustomerEnvironmentNow[];
  initial: string;
}) {
  const base = `/customers/${encodeURIComponent(unit)}/previews`;
  const previews = useApi<ListAnswer<CustomerPreview>>(base);
  const [environment, setEnvironment] = useState(initial);
  const [moment, setMoment] = useState("");
  const [appUrl, setAppUrl] = useState("");
  const [ttlSeconds, setTtlSeconds] = useState(3600);
  const [picked, setPicked] = useState<Record<string, string>>({});
  const flags = now.find((env) => env.environment === environment)?.flags ?? [];
  const pick = (flag: string, variation: string) =>
    setPicked((current) => {
      const { [flag]: _dropped, ...rest } = current;
      return variation === "" ? rest : { ...rest, [flag]: variation };
    });
  const [grant, setGrant] = useState<CustomerPreviewGrant | null>(null);
  const [error, setError] = useState<Error | null>(null);

  const mint = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const at = utcFromLocalInput(moment);
    const body = {
      environment,
      ttlSeconds,
      ...(at === undefined ? {} : { at }),
      ...(appUrl.trim() === "" ? {} : { appUrl: appUrl.trim() }),
      ...(Object.keys(picked).length === 0 ? {} : { overrides: picked }),
    };
    try {
      setGrant(await callApi<CustomerPreviewGrant>("POST", base, { body }));
      previews.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    }
  };

  const revoke = async (id: string) => {
    setError(null);
    try {
      await callApi("DELETE", `${base}/${encodeURIComponent(id)}`);
      previews.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    }
  };

  return (
    <div className="card" data-testid="customer-preview">
      <h2>Preview as this customer</h2>
      <p className="hint">
        The token makes <em>your</em> browser or app session (an app using the Switchboard SDK) see exactly this
        customer&apos;s variations. The customer is not affected; the token expires and can be revoked.
      </p>
      <form className="inline-form" onSubmit={mint}>
        <label>
          Environment
          <select
            value={environment}
            onChange={(e) => {
              setEnvironment(e.target.value);
              setPicked({});
            }}
          >
            {now.map((env) => (
              <option key={env.environment} value={env.environment}>
                {env.environment}
              </option>
            ))}
          </select>
        </label>
        <label>
          Moment (UTC; empty: now)
          <input type="datetime-local" value={moment} onChange={(e) => setMoment(e.target.value)} />
        </label>
        <label>
          App address (optional)
          <input value={appUrl} onChange={(e) => setAppUrl(e.target.value)} placeholder="https://shop.example.com/" />
        </label>
        <label>
          Valid for
          <select value={ttlSeconds} onChange={(e) => setTtlSeconds(Number(e.target.value))}>
            {LIFETIMES.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Preview as this customer</button>
        <details className="wide pick-variations">
          <summary>Pick variations at will (optional)</summary>
          <div className="form-grid">
            {flags.map((flag) => (
              <label key={flag.flag}>
                <code>{flag.flag}</code>
                <select value={picked[flag.flag] ?? ""} onChange={(e) => pick(flag.flag, e.target.value)}>
                  <option value="">as the customer</option>
                  {flag.variations.map((variation) => (
                    <option key={variation} value={variation}>
                      {variation}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
        </details>
      </form>
      <ErrorNote error={error} />
      {grant !== null && (
        <div className="preview-grant" data-testid="preview-grant">
          <p>
            Serves {Object.keys(grant.preview.overrides).length} flags as of {shortTime(grant.preview.at)} in{" "}
            {grant.preview.environment}, until {shortTime(grant.preview.expiresAt)}:{" "}
            <span className="muted">
              {Object.entries(grant.preview.overrides)
                .map(([flag, variation]) => `${flag}=${variation}`)
                .join(", ")}
            </span>
          </p>
          {grant.link !== null && (
            <p>
              Link:{" "}
              <a href={grant.link} target="_blank" rel="noreferrer" data-testid="preview-link">
                {grant.link}
              </a>
            </p>
          )}
          <label className="token-field">
            <span>
              Token (add as <code>?sb_preview=</code> or the <code>sb_preview</code> cookie)
            </span>
            <input readOnly={true} value={grant.token} data-testid="preview-token" onFocus={(e) => e.target.select()} />
          </label>
        </div>
      )}
      {(previews.data?.items.length ?? 0) > 0 && (
        <table className="results" data-testid="preview-list">
          <thead>
            <tr>
              <th>Created</th>
              <th>By</th>
              <th>Environment</th>
              <th>As of</th>
              <th>Expires</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {previews.data?.items.map((preview) => (
              <tr key={preview.id}>
                <td>{shortTime(preview.createdAt)}</td>
                <td>{preview.createdBy}</td>
                <td>{preview.environment}</td>
                <td>{shortTime(preview.at)}</td>
                <td>{shortTime(preview.expiresAt)}</td>
                <td>
                  {preview.revokedAt !== null ? (
                    `revoked by ${preview.revokedBy ?? "?"}`
                  ) : Date.parse(preview.expiresAt) <= Date.now() ? (
                    "expired"
                  ) : (
                    <button type="button" className="danger" onClick={() => void revoke(preview.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
