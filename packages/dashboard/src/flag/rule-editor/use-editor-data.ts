import type { ListAnswer, QueryResult, Segment, StoredDocument } from "@switchboard/core";
import { useEffect, useMemo, useState } from "react";
import { callApi } from "../../api/api-client.js";
import { useApi } from "../../api/use-api.js";
import {
  attributesFromFieldKeys,
  contextsFromEvents,
  fieldKeysQuery,
  RECENT,
  recentEventsQuery,
  type SampleContext,
} from "./sample-contexts.js";

/** How many sample units the live preview evaluates. */
export const SAMPLE_UNITS = 8;

/** What the rule editor looks up: segments by name, attributes seen recently, and sample units to preview. */
export interface EditorData {
  segments: Readonly<Record<string, Segment>>;
  attributes: readonly string[];
  contexts: readonly SampleContext[];
  /** Why there are no samples, when there are none (no events, no event store). */
  samplesNote: string | null;
}

/** Loads the editor's data for one environment; each part degrades to empty on its own. */
export function useEditorData(environment: string): EditorData {
  const segmentList = useApi<ListAnswer<StoredDocument<Segment>>>("/segments");
  const [attributes, setAttributes] = useState<readonly string[]>(["id"]);
  const [contexts, setContexts] = useState<readonly SampleContext[]>([]);
  const [samplesNote, setSamplesNote] = useState<string | null>("Loading recent events…");
  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    (async () => {
      const keys = await callApi<QueryResult>("POST", "/query", { body: fieldKeysQuery(environment), signal });
      const names = attributesFromFieldKeys(keys);
      setAttributes(names);
      const events = await callApi<QueryResult>("POST", "/query", {
        body: recentEventsQuery(environment, names),
        signal,
      });
      const samples = contextsFromEvents(events, SAMPLE_UNITS);
      setContexts(samples);
      setSamplesNote(samples.length === 0 ? `No events with a unit in ${environment} in the last ${RECENT}.` : null);
    })().catch((failure: unknown) => {
      if (signal.aborted) return;
      setSamplesNote(`Recent events could not be read: ${failure instanceof Error ? failure.message : failure}`);
    });
    return () => controller.abort();
  }, [environment]);
  const segments = useMemo(
    () => Object.fromEntries((segmentList.data?.items ?? []).filter((s) => !s.archived).map((s) => [s.key, s.body])),
    [segmentList.data],
  );
  return { segments, attributes, contexts, samplesNote };
}
