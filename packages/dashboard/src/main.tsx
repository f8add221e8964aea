import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app.js";
import { SessionGate } from "./app/session.js";
import { SignInPage } from "./app/sign-in-page.js";
import "./styles.css";

const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <SessionGate signIn={(props) => <SignInPage {...props} />}>
        <App />
      </SessionGate>
    </StrictMode>,
  );
}
