/** The kinds of token: people's (admin, personal) and SDK keys. */
export type TokenKind = "admin" | "personal" | "server-sdk" | "client-sdk";

// What a person's token may do, least to most: one definition, the API's, in core.
import type { Role } from "@switchboard/core";

export type { Role };

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
