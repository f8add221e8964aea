import type { Alert, ListAnswer } from "@switchboard/core";
import { useApi } from "../api/use-api.js";
import { AlertSentence } from "../monitors/alert-sentence.js";
import { alertStatus, alertsForFlag } from "../monitors/alert-view.js";
import { Link } from "../ui/link.js";

/** Alerts whose named cause is this flag, linked to the alert on its monitor's page (hidden when there are none). */
export function FlagAlerts({ flagKey }: { flagKey: string }) {
  // The API filters alerts by monitor, not by cause: the recent ones are filtered here.
  const alerts = useApi<ListAnswer<Alert>>("/alerts?limit=500");
  const mine = alertsForFlag(alerts.data?.items ?? [], flagKey);
  if (mine.length === 0) return null;
  return (
    <section className="card" aria-labelledby="flag-alerts-title" data-testid="flag-alerts">
      <h2 id="flag-alerts-title">Alerts attributed to this flag</h2>
      <ul>
        {mine.map((a) => (
          <li key={a.id}>
            <span className={`badge badge-${alertStatus(a)}`}>{alertStatus(a)}</span>{" "}
            <Link href={`/monitors/${encodeURIComponent(a.monitor)}#alert-${a.id}`}>
              <AlertSentence sentence={a.sentence} />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
