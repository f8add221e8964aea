import type { ChangeLog, CommitFeed } from "../store/index.js";

/** Token changes since the last report: the ids revoked, or "all" when there were too many to list. */
export type TokenChanges = { revokedIds: ReadonlySet<string> } | { revokedIds: "all" };

const MAX_CHANGES_PER_READ = 1_000;

/**
 * Reports token changes (creations, revocations) from the store's commit notifications, which also carry the
 * commits of the other servers of a cluster. One read of the change log per burst of commits. Returns a stop function.
 */
export function watchTokenChanges(
  store: ChangeLog & CommitFeed,
  onChange: (changes: TokenChanges) => void,
  onError: (error: unknown) => void = () => {},
): () => void {
  let readUpTo: number | undefined;
  let wanted = 0;
  let reading = false;
  const read = async (): Promise<void> => {
    reading = true;
    try {
      while (readUpTo === undefined || readUpTo < wanted) {
        const upTo = wanted;
        const afterSeq = readUpTo ?? upTo - 1;
        const changes = await store.listChanges({
          subjectKind: "token",
          afterSeq,
          beforeSeq: upTo + 1,
          ascending: true,
          limit: MAX_CHANGES_PER_READ,
        });
        readUpTo = upTo;
        if (changes.length >= MAX_CHANGES_PER_READ) onChange({ revokedIds: "all" });
        else if (changes.length > 0) {
          const revoked = changes.filter((change) => change.action === "token.revoke");
          onChange({ revokedIds: new Set(revoked.map((change) => change.subjectKey)) });
        }
      }
    } catch (error) {
      // Unknown what changed: forget every cached token rather than keep a revoked one.
      readUpTo = wanted;
      onChange({ revokedIds: "all" });
      onError(error);
    } finally {
      reading = false;
    }
  };
  return store.onCommitted((seq) => {
    if (seq > wanted) wanted = seq;
    if (!reading) void read();
  });
}
