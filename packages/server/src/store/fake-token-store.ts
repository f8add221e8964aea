import { AppError } from "../kernel/index.js";
import { publicToken } from "./change-subjects.js";
import type { ChangeInput } from "./config-store.js";
import type { FakeChangeLog } from "./fake-change-log.js";
import { compareText } from "./fake-values.js";
import type { TokenRecord, TokenStore } from "./token-store.js";

/** The fake `TokenStore`: tokens by id, unique by hash; writes logged without the hash. */
export class FakeTokenStore implements TokenStore {
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #log: FakeChangeLog;

  constructor(log: FakeChangeLog) {
    this.#log = log;
  }

  async createToken(token: Omit<TokenRecord, "createdAt" | "revokedAt">, change: ChangeInput): Promise<TokenRecord> {
    this.#log.assertOpen();
    if (this.#tokens.has(token.id)) throw new AppError("CONFLICT", `A token with id "${token.id}" already exists.`);
    if ([...this.#tokens.values()].some((t) => t.hash === token.hash)) {
      throw new AppError("CONFLICT", "A token with this secret already exists.");
    }
    const stored: TokenRecord = { ...token, createdAt: this.#log.now(), revokedAt: null };
    this.#tokens.set(token.id, stored);
    this.#log.append(
      {
        ...change,
        environment: change.environment ?? token.environment,
        subjectKind: "token",
        subjectKey: token.id,
        before: null,
        after: publicToken(stored),
      },
      null,
    );
    return { ...stored };
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    const found = [...this.#tokens.values()].find((t) => t.hash === hash);
    return found === undefined ? undefined : { ...found };
  }

  async listTokens(): Promise<TokenRecord[]> {
    return [...this.#tokens.values()]
      .sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id))
      .map((t) => ({ ...t }));
  }

  async revokeToken(id: string, change: ChangeInput): Promise<TokenRecord> {
    this.#log.assertOpen();
    const existing = this.#tokens.get(id);
    if (existing === undefined) throw new AppError("NOT_FOUND", `Token "${id}" does not exist.`);
    if (existing.revokedAt !== null) return { ...existing };
    const revoked: TokenRecord = { ...existing, revokedAt: this.#log.now() };
    this.#tokens.set(id, revoked);
    const subject = {
      subjectKind: "token",
      subjectKey: id,
      before: publicToken(existing),
      after: publicToken(revoked),
    };
    this.#log.append({ ...change, environment: change.environment ?? existing.environment, ...subject }, null);
    return { ...revoked };
  }
}
