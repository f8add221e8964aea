import type { ListAnswer, ServiceView } from "@switchboard/core";
import { useApi } from "../api/use-api.js";
import { navigate, useLocation } from "../app/router.js";
import { EmptyState, ErrorNote } from "../ui/status.js";
import { ServicePanel } from "./service-panel.js";

/** Services behind the load balancer: pools, health, the current split, the back button and the history. */
export function TrafficPage() {
  const { query } = useLocation();
  const services = useApi<ListAnswer<ServiceView>>("/traffic/services");
  const items = services.data?.items ?? [];
  const chosen = query.get("service") ?? "";
  const current = items.find((s) => `${s.environment}/${s.name}` === chosen) ?? items[0];
  return (
    <section aria-labelledby="traffic-title">
      <h1 id="traffic-title">Traffic</h1>
      <ErrorNote error={services.error} />
      {services.data !== undefined && items.length === 0 && (
        <EmptyState title="No services yet">
          <p>Describe a service and its pools (one per release); then switch, ramp and go back from here:</p>
          <pre>{`curl -s -X POST ${window.location.origin}/api/v1/traffic/services -H "Authorization: Bearer $TOKEN" \\
  -H 'content-type: application/json' -d '{"name": "web", "environment": "production",
  "pools": [{"name": "a", "release": "64fd32f", "backends": ["10.0.0.1:8080"]},
            {"name": "b", "release": "9c1e0aa", "backends": ["10.0.0.2:8080"]}]}'`}</pre>
        </EmptyState>
      )}
      {items.length > 0 && (
        <div className="tabs" role="tablist" aria-label="Service">
          {items.map((s) => {
            const id = `${s.environment}/${s.name}`;
            return (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={current === s}
                onClick={() => navigate(`/traffic?service=${encodeURIComponent(id)}`, { replace: true })}
              >
                {s.name} <span className="muted">{s.environment}</span>
              </button>
            );
          })}
        </div>
      )}
      {current !== undefined && (
        <ServicePanel key={`${current.environment}/${current.name}`} service={current} onChanged={services.reload} />
      )}
    </section>
  );
}
