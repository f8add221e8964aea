import { ChangeRequestsPage } from "../change-requests/change-requests-page.js";
import { CustomersPage } from "../customers/customers-page.js";
import { DebtPage } from "../debt/debt-page.js";
import { ExperimentPage } from "../experiment/experiment-page.js";
import { ExplorerPage } from "../explorer/explorer-page.js";
import { FlagPage } from "../flag/flag-page.js";
import { FlagsPage } from "../flags/flags-page.js";
import { MetricPage } from "../metrics/metric-page.js";
import { MetricsPage } from "../metrics/metrics-page.js";
import { AlertsPage } from "../monitors/alerts-page.js";
import { BudgetPage } from "../monitors/budget-page.js";
import { MonitorPage } from "../monitors/monitor-page.js";
import { MonitorsPage } from "../monitors/monitors-page.js";
import { SchemaReviewsPage } from "../schema-reviews/schema-reviews-page.js";
import { TimelinePage } from "../timeline/timeline-page.js";
import { TrafficPage } from "../traffic/traffic-page.js";
import { Link } from "../ui/link.js";
import { EmptyState } from "../ui/status.js";
import { matchPath, useLocation } from "./router.js";
import { useSession } from "./session.js";

const NAV = [
  { href: "/flags", label: "Flags" },
  { href: "/change-requests", label: "Change requests" },
  { href: "/timeline", label: "Timeline" },
  { href: "/explorer", label: "Explorer" },
  { href: "/traffic", label: "Traffic" },
  { href: "/metrics", label: "Metrics" },
  { href: "/monitors", label: "Monitors" },
  { href: "/alerts", label: "Alerts" },
  { href: "/debt", label: "Debt" },
  { href: "/customers", label: "Customers" },
  { href: "/schema-reviews", label: "Schema reviews" },
];
// A support token reads the customer lookup and nothing else: it sees that page only.
const SUPPORT_NAV = [{ href: "/customers", label: "Customers" }];

/** The signed-in dashboard: navigation and the page of the current path. */
export function App() {
  const { path } = useLocation();
  const { me, signOut } = useSession();
  const section = `/${path.split("/")[1] ?? ""}`;
  const support = me.role === "support";
  const nav = support ? SUPPORT_NAV : NAV;
  const home = support ? "/customers" : "/flags";
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <Link href={home} className="brand">
          Switchboard
        </Link>
        <nav aria-label="Main">
          {nav.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              aria-current={section === item.href || (section === "/" && item.href === home) ? "page" : undefined}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <span className="who" data-testid="who">
          {me.name} · {me.role}
        </span>
        <button type="button" className="quiet" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {support ? <SupportPage path={path} /> : <Page path={path} />}
      </main>
    </>
  );
}

function SupportPage({ path }: { path: string }) {
  return <CustomersPage unit={matchPath("/customers/:unit", path)?.["unit"]} />;
}

function Page({ path }: { path: string }) {
  if (path === "/" || matchPath("/flags", path)) return <FlagsPage />;
  const flag = matchPath("/flags/:key", path);
  if (flag?.["key"] !== undefined) return <FlagPage flagKey={flag["key"]} />;
  const experiment = matchPath("/experiments/:key", path);
  if (experiment?.["key"] !== undefined) return <ExperimentPage experimentKey={experiment["key"]} />;
  if (matchPath("/metrics", path)) return <MetricsPage />;
  const metric = matchPath("/metrics/:name", path);
  if (metric?.["name"] !== undefined) return <MetricPage name={metric["name"]} />;
  if (matchPath("/timeline", path)) return <TimelinePage />;
  if (matchPath("/explorer", path)) return <ExplorerPage />;
  if (matchPath("/traffic", path)) return <TrafficPage />;
  if (matchPath("/monitors", path)) return <MonitorsPage />;
  const monitor = matchPath("/monitors/:key", path);
  if (monitor?.["key"] !== undefined) return <MonitorPage monitorKey={monitor["key"]} />;
  const budget = matchPath("/monitors/:key/budget", path);
  if (budget?.["key"] !== undefined) return <BudgetPage monitorKey={budget["key"]} />;
  if (matchPath("/alerts", path)) return <AlertsPage />;
  if (matchPath("/debt", path)) return <DebtPage />;
  if (matchPath("/change-requests", path)) return <ChangeRequestsPage />;
  if (matchPath("/customers", path)) return <CustomersPage unit={undefined} />;
  const customer = matchPath("/customers/:unit", path);
  if (customer?.["unit"] !== undefined) return <CustomersPage unit={customer["unit"]} />;
  if (matchPath("/schema-reviews", path)) return <SchemaReviewsPage />;
  return (
    <EmptyState title="No such page">
      <p>
        Go to the <Link href="/flags">flags</Link>.
      </p>
    </EmptyState>
  );
}
