import type { FlagFilter } from "./flag-filter.js";

interface Props {
  filter: FlagFilter;
  onChange(next: FlagFilter): void;
  tags: readonly string[];
  owners: readonly string[];
  environments: readonly string[];
}

/** Search and filters of the flags page. */
export function FilterBar({ filter, onChange, tags, owners, environments }: Props) {
  const set = <K extends keyof FlagFilter>(key: K, value: FlagFilter[K]) => onChange({ ...filter, [key]: value });
  return (
    <search className="filter-bar" aria-label="Filter flags">
      <label>
        Search
        <input
          type="search"
          value={filter.text}
          placeholder="key or description"
          onChange={(e) => set("text", e.target.value)}
        />
      </label>
      <Select label="Tag" value={filter.tag} options={tags} onChange={(v) => set("tag", v)} />
      <Select label="Owner" value={filter.owner} options={owners} onChange={(v) => set("owner", v)} />
      <Select
        label="Environment"
        value={filter.environment}
        options={environments}
        onChange={(v) => set("environment", v)}
      />
      <label>
        State
        <select
          value={filter.state}
          disabled={filter.environment === ""}
          title={filter.environment === "" ? "Pick an environment first" : undefined}
          onChange={(e) => set("state", e.target.value as FlagFilter["state"])}
        >
          <option value="">any</option>
          <option value="on">on</option>
          <option value="off">off</option>
          <option value="ramping">ramping</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={filter.recent} onChange={(e) => set("recent", e.target.checked)} />
        Changed in the last 24 h
      </label>
    </search>
  );
}

function Select(props: { label: string; value: string; options: readonly string[]; onChange(value: string): void }) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">any</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}
