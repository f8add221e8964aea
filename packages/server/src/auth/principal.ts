import type { Role, TokenKind } from "../store/config-store.js";

/** Who is calling, once their token has been checked. */
export interface Principal {
  tokenId: string;
  kind: TokenKind;
  /** Shown in the audit log as the actor. */
  name: string;
  role: Role | null;
  /** SDK keys only: the environment whose payload they read. */
  environment: string | null;
}
