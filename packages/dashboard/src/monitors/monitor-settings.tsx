import type { MonitorView, StoredDocument } from "@switchboard/core";
import { useState } from "react";
import { callApi } from "../api/api-client.js";
import { navigate } from "../app/router.js";
import { useSession } from "../app/session.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { ErrorNote } from "../ui/status.js";
import { draftFromMonitor } from "./monitor-draft.js";
import { MonitorForm } from "./monitor-form.js";

/** The monitor's settings behind an "Edit" button: the form (If-Match on the shown version) and archiving. */
export function MonitorSettings({ doc, onChanged }: { doc: StoredDocument<MonitorView>; onChanged(): void }) {
  const { canEdit } = useSession();
  const [editing, setEditing] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  if (!canEdit || doc.archived) return null;
  const archive = async () => {
    try {
      await callApi("POST", `/monitors/${encodeURIComponent(doc.key)}/archive`, { ifMatch: doc.version, body: {} });
      navigate("/monitors");
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
      setArchiving(false);
    }
  };
  return (
    <>
      <div className="actions">
        <button type="button" className="quiet" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          {editing ? "Close the settings" : "Edit settings"}
        </button>
        <button type="button" className="quiet" onClick={() => setArchiving(true)}>
          Archive
        </button>
        {saved !== null && saved === doc.version && (
          <span className="muted" role="status">
            Saved as version {saved}.
          </span>
        )}
      </div>
      <ErrorNote error={error} />
      {editing && (
        <MonitorForm
          key={doc.version}
          initial={draftFromMonitor(doc.key, doc.body)}
          version={doc.version}
          onSaved={(next) => {
            setSaved(next.version);
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
          onReload={onChanged}
        />
      )}
      <ConfirmDialog
        title={`Archive ${doc.key}?`}
        open={archiving}
        confirmLabel="Archive"
        danger
        canConfirm={true}
        onConfirm={() => void archive()}
        onCancel={() => setArchiving(false)}
      >
        <p>The runner stops evaluating it; its alerts and their delivery logs stay.</p>
      </ConfirmDialog>
    </>
  );
}
