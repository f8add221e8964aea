import { type FormEvent, useState } from "react";
import type { SignInProps } from "./session.js";

/** Sign in with an admin or personal token; it is kept for this tab only. */
export function SignInPage({ error, submit }: SignInProps) {
  const [token, setToken] = useState("");
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim() !== "") submit(token);
  };
  return (
    <main className="sign-in">
      <h1>Switchboard</h1>
      <form onSubmit={onSubmit} aria-describedby="sign-in-help">
        <label htmlFor="token">Token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={error !== null}
        />
        {error !== null && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
        <p id="sign-in-help" className="hint">
          Use the admin token printed by <code>switchboard serve</code> or a personal token (
          <code>POST /api/v1/tokens</code>). It is kept in this tab only.
        </p>
      </form>
    </main>
  );
}
