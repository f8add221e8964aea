import type { Me } from "@switchboard/core";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { ApiError, callApi, storedToken, storeToken } from "../api/api-client.js";

interface Session {
  me: Me;
  canEdit: boolean;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

/** Who is signed in; only inside the signed-in part of the app. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error("useSession outside a signed-in session");
  return session;
}

type State = { kind: "checking" } | { kind: "signed-out"; error: string | null } | { kind: "signed-in"; me: Me };

/** Checks the stored token with `GET /me`, shows the sign-in form until one works, then renders `children`. */
export function SessionGate({ children, signIn }: { children: ReactNode; signIn: (props: SignInProps) => ReactNode }) {
  const [state, setState] = useState<State>(() =>
    storedToken() === null ? { kind: "signed-out", error: null } : { kind: "checking" },
  );
  const check = useCallback(async () => {
    try {
      setState({ kind: "signed-in", me: await callApi<Me>("GET", "/me") });
    } catch (error) {
      storeToken(null);
      const message =
        error instanceof ApiError && error.status === 401
          ? "That token is not valid."
          : String(error instanceof Error ? error.message : error);
      setState({ kind: "signed-out", error: message });
    }
  }, []);
  useEffect(() => {
    if (state.kind === "checking") void check();
  }, [state.kind, check]);
  const signOut = useCallback(() => {
    storeToken(null);
    setState({ kind: "signed-out", error: null });
  }, []);
  if (state.kind === "checking") return <p className="loading">Checking your token…</p>;
  if (state.kind === "signed-out") {
    return signIn({
      error: state.error,
      submit: (token) => {
        storeToken(token.trim());
        setState({ kind: "checking" });
      },
    });
  }
  const session = { me: state.me, canEdit: state.me.role === "editor" || state.me.role === "admin", signOut };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export interface SignInProps {
  error: string | null;
  submit(token: string): void;
}
