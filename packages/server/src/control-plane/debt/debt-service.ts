import { type Static, Type } from "@sinclair/typebox";
import type { Change, CodeReferenceSet, DebtBoard, Flag } from "@switchboard/core";
import type { Clock } from "../../kernel/index.js";
import type { ChangeLog, DocumentStore } from "../../store/index.js";
import { storedSets } from "../code-references/index.js";
import type { ServiceDeps } from "../service-deps.js";
import { debtBoard } from "./debt-candidates.js";
import type { FlagActivitySource } from "./flag-activity-source.js";

/** Query of `GET /debt`. */
export const DebtQuerySchema = Type.Object(
  {
    days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 3650,
        description: "N: how long a state must hold to be debt (default 30).",
      }),
    ),
    flag: Type.Optional(Type.String({ description: "Only this flag's candidacy (the flag page's badge)." })),
  },
  { additionalProperties: false },
);

export type DebtQuery = Static<typeof DebtQuerySchema>;

/** The default N of every staleness reason. */
export const DEFAULT_DEBT_DAYS = 30;

const PAGE = 1000;

/** The debt board: flags that are technical debt, measured from the change log, the event store and the scans. */
export class DebtService {
  constructor(
    private readonly store: DocumentStore & ChangeLog,
    private readonly clock: Clock,
    private readonly activity: FlagActivitySource | undefined,
  ) {}

  async board(query: DebtQuery): Promise<DebtBoard> {
    const now = this.clock.now();
    const [flags, environments, history, sets, seen] = await Promise.all([
      this.store.listDocuments<Flag>("flag"),
      this.store.listDocuments("environment"),
      this.flagHistory(),
      storedSets(this.store),
      this.activity?.variationsSeen(),
    ]);
    const board = debtBoard({
      now,
      days: query.days ?? DEFAULT_DEBT_DAYS,
      flags,
      environments: environments.map((doc) => doc.key),
      history,
      sets: sets as CodeReferenceSet[],
      seen,
    });
    const candidates =
      query.flag === undefined ? board.candidates : board.candidates.filter((c) => c.flag === query.flag);
    return { generatedAt: now.toISOString(), ...board, candidates };
  }

  /** Every flag change, oldest first, grouped by flag (read a page of 1,000 at a time). */
  private async flagHistory(): Promise<Map<string, Change[]>> {
    const byFlag = new Map<string, Change[]>();
    let afterSeq = 0;
    for (;;) {
      const page = await this.store.listChanges({ subjectKind: "flag", ascending: true, afterSeq, limit: PAGE });
      for (const change of page) {
        const list = byFlag.get(change.subjectKey) ?? [];
        list.push(change);
        byFlag.set(change.subjectKey, list);
      }
      if (page.length < PAGE) return byFlag;
      afterSeq = page.at(-1)?.seq ?? afterSeq;
    }
  }
}

/** Builds the debt service; `activity` is the event store's view (the no-activity reason needs it). */
export function createDebtService(
  { store, clock }: Pick<ServiceDeps<DocumentStore & ChangeLog>, "store" | "clock">,
  activity?: FlagActivitySource,
): DebtService {
  return new DebtService(store, clock, activity);
}
