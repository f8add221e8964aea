import type { DebtBoard } from "@switchboard/core";
import { useApi } from "../api/use-api.js";
import { Link } from "../ui/link.js";

/** On a flag's page: a badge when the flag is a debt candidate, saying why and since when. */
export function DebtBadge({ flagKey }: { flagKey: string }) {
  const board = useApi<DebtBoard>(`/debt?flag=${encodeURIComponent(flagKey)}`);
  const candidate = board.data?.candidates[0];
  if (candidate === undefined) return null;
  const why = candidate.findings.map((f) => f.detail).join("; ");
  return (
    <Link href="/debt" className="badge debt-badge" data-testid="debt-badge" title={why}>
      debt · {candidate.ageDays} d · {candidate.findings.map((f) => f.reason).join(", ")}
    </Link>
  );
}
