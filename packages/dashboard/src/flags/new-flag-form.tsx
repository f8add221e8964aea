import type { FlagDocument } from "@switchboard/core";
import { type FormEvent, useState } from "react";
import { callApi } from "../api/api-client.js";
import { navigate } from "../app/router.js";
import { ErrorNote } from "../ui/status.js";

/** Creates a boolean or string flag, dark everywhere (it serves its default until activated). */
export function NewFlagForm({ onCancel }: { environments: readonly string[]; onCancel(): void }) {
  const [key, setKey] = useState("");
  const [type, setType] = useState<"boolean" | "string">("boolean");
  const [owner, setOwner] = useState("");
  const [tags, setTags] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const body = {
        key: key.trim(),
        type,
        defaultVariation: type === "boolean" ? "off" : "control",
        ...(type === "string"
          ? {
              variations: [
                { key: "control", value: "control" },
                { key: "treatment", value: "treatment" },
              ],
            }
          : {}),
        ...(owner.trim() === "" ? {} : { owner: owner.trim() }),
        ...(description.trim() === "" ? {} : { description: description.trim() }),
        tags: tags
          .split(",")
          .map((tag) => tag.trim())
          .filter((tag) => tag !== ""),
      };
      const created = await callApi<FlagDocument>("POST", "/flags", { body });
      navigate(`/flags/${encodeURIComponent(created.key)}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
      setBusy(false);
    }
  };
  return (
    <form className="card form-grid" onSubmit={submit} aria-label="New flag">
      <label>
        Key
        <input required value={key} onChange={(e) => setKey(e.target.value)} placeholder="new-checkout" />
      </label>
      <label>
        Type
        <select value={type} onChange={(e) => setType(e.target.value === "string" ? "string" : "boolean")}>
          <option value="boolean">boolean (off / on)</option>
          <option value="string">string (control / treatment)</option>
        </select>
      </label>
      <label>
        Owner
        <input value={owner} onChange={(e) => setOwner(e.target.value)} placeholder="payments" />
      </label>
      <label>
        Tags
        <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="checkout, q3" />
      </label>
      <label className="wide">
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <ErrorNote error={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Create flag
        </button>
        <button type="button" className="quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
