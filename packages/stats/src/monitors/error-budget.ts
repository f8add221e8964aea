/** A stretch of time the monitor alerted on, with the change it was attributed to (if any). */
export interface BudgetIncident {
  readonly id: string;
  /** Onset (inclusive) and resolution (exclusive), in the series' time unit; `end: null` = still open. */
  readonly start: number;
  readonly end: number | null;
  /** The attributed cause's key (e.g. a flag key or marker id); null when nothing was named. */
  readonly cause: string | null;
}

/**
 * `incidents` (default): only buckets inside incidents spend. `every-bucket`: every bucket's shortfall spends,
 * the literal integral, which also counts noise: for a Poisson count E[max(0, λ − X)] ≈ 0.4√λ per bucket, 4% of
 * λ = 100, eight times a 0.5% budget, so it only suits smooth, high-volume metrics.
 */
export type SpendMode = "incidents" | "every-bucket";

export interface ErrorBudgetInput {
  /** Expected value per bucket (a prediction's `expected`) and the actual value; null buckets are skipped. */
  readonly predicted: readonly (number | null)[];
  readonly actual: readonly (number | null)[];
  /** Time of bucket 0 and the bucket width, in the incidents' unit (epoch ms). */
  readonly startTime: number;
  readonly bucketMs: number;
  /** Allowed shortfall as a fraction of the predicted total, e.g. 0.005 = 0.5% of predicted bookings per window. */
  readonly allowedShortfall: number;
  readonly incidents?: readonly BudgetIncident[];
  readonly spend?: SpendMode;
  /** "Too careful" when the whole window burned less than this (default 0.1: under 10% of the budget used). */
  readonly tooCarefulBelow?: number;
  /** …and the data covers at least this many ms (default 7 days): a young budget says nothing yet. */
  readonly tooCarefulAfterMs?: number;
}

export interface IncidentSpend {
  readonly id: string;
  readonly cause: string | null;
  /** Σ max(0, predicted − actual) inside the incident, and Σ predicted there. */
  readonly spent: number;
  readonly predicted: number;
  /** spent / budget. */
  readonly budgetFraction: number;
}

export interface CauseSpend {
  /** The cause key, or null for incidents attributed to nothing. */
  readonly cause: string | null;
  readonly spent: number;
  readonly incidents: number;
  readonly budgetFraction: number;
}

export interface ErrorBudget {
  readonly predictedTotal: number;
  readonly actualTotal: number;
  /** allowedShortfall · predictedTotal. */
  readonly budget: number;
  readonly spent: number;
  readonly remaining: number;
  /** spent / budget (0 when the budget is 0). */
  readonly spentFraction: number;
  /** (spent / predictedTotal) / allowedShortfall: 1 spends exactly the budget over the window. */
  readonly burnRate: number;
  /** max(0, Σ(predicted − actual)) over every bucket: the net shortfall, where noise cancels out. */
  readonly netShortfall: number;
  /** Spend so far after each bucket (for the burn chart). */
  readonly cumulativeSpent: readonly number[];
  /** Incidents by spend, largest first; then the same summed per cause. */
  readonly byIncident: readonly IncidentSpend[];
  readonly byCause: readonly CauseSpend[];
  /** The budget is barely touched: the team may be taking too little risk. */
  readonly tooCareful: boolean;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * The error budget of a business metric over a window: budget = allowedShortfall × Σ predicted; spent = Σ max(0,
 * predicted − actual) over the buckets that spend (see `SpendMode`); broken down by incident and by the cause each
 * incident was attributed to.
 * @example errorBudget({ predicted: [100, 100], actual: [90, 100], startTime: 0, bucketMs: 60000, allowedShortfall: 0.05, spend: "every-bucket" }).spentFraction // 1
 */
export function errorBudget(input: ErrorBudgetInput): ErrorBudget {
  const mode = input.spend ?? "incidents";
  const incidents = input.incidents ?? [];
  const length = Math.min(input.predicted.length, input.actual.length);
  const incidentSpent = new Map<string, { spent: number; predicted: number }>();
  const cumulativeSpent: number[] = [];
  let predictedTotal = 0;
  let actualTotal = 0;
  let spent = 0;
  let net = 0;
  for (let i = 0; i < length; i++) {
    const predicted = input.predicted[i];
    const actual = input.actual[i];
    if (!isNumber(predicted) || !isNumber(actual)) {
      cumulativeSpent.push(spent);
      continue;
    }
    predictedTotal += predicted;
    actualTotal += actual;
    net += predicted - actual;
    const shortfall = Math.max(0, predicted - actual);
    const time = input.startTime + i * input.bucketMs;
    const incident = incidents.find((x) => time >= x.start && (x.end === null || time < x.end));
    if (incident) {
      const entry = incidentSpent.get(incident.id) ?? { spent: 0, predicted: 0 };
      entry.spent += shortfall;
      entry.predicted += predicted;
      incidentSpent.set(incident.id, entry);
    }
    if (mode === "every-bucket" || incident) spent += shortfall;
    cumulativeSpent.push(spent);
  }
  const budget = input.allowedShortfall * predictedTotal;
  const fraction = (x: number) => (budget > 0 ? x / budget : 0);
  const byIncident = incidents
    .map((x) => {
      const entry = incidentSpent.get(x.id) ?? { spent: 0, predicted: 0 };
      return {
        id: x.id,
        cause: x.cause,
        spent: entry.spent,
        predicted: entry.predicted,
        budgetFraction: fraction(entry.spent),
      };
    })
    .sort((a, b) => b.spent - a.spent);
  const causes = new Map<string | null, { spent: number; incidents: number }>();
  for (const x of byIncident) {
    const entry = causes.get(x.cause) ?? { spent: 0, incidents: 0 };
    entry.spent += x.spent;
    entry.incidents += 1;
    causes.set(x.cause, entry);
  }
  const byCause = [...causes.entries()]
    .map(([cause, x]) => ({ cause, spent: x.spent, incidents: x.incidents, budgetFraction: fraction(x.spent) }))
    .sort((a, b) => b.spent - a.spent);
  const burnRate =
    predictedTotal > 0 && input.allowedShortfall > 0 ? spent / predictedTotal / input.allowedShortfall : 0;
  const covered = length * input.bucketMs;
  return {
    predictedTotal,
    actualTotal,
    budget,
    spent,
    remaining: budget - spent,
    spentFraction: fraction(spent),
    burnRate,
    netShortfall: Math.max(0, net),
    cumulativeSpent,
    byIncident,
    byCause,
    tooCareful:
      covered >= (input.tooCarefulAfterMs ?? 7 * DAY_MS) &&
      predictedTotal > 0 &&
      burnRate < (input.tooCarefulBelow ?? 0.1),
  };
}

function isNumber(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}
