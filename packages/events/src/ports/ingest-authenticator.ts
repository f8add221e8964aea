/** Who a secret belongs to, as far as ingest cares: the kind of key and the environment it is bound to. */
export interface IngestPrincipal {
  /** `server-sdk` and `client-sdk` keys send to their own environment, `admin` names one; other kinds are refused. */
  kind: string;
  environment: string | null;
}

/**
 * Resolves the secret of an ingest request (the server's authenticator). An unknown secret throws an AppError
 * (UNAUTHENTICATED or RATE_LIMITED); it never resolves to "nobody".
 */
export interface IngestAuthenticator {
  authenticate(secret: string, clientAddress: string): Promise<IngestPrincipal>;
}
