import { Type } from "@sinclair/typebox";

/** Longest description or hypothesis: a paragraph, not a document. */
export const MAX_DESCRIPTION_CHARS = 1_000;

/** Longest short label: an owner, a tag, a metric or guardrail name, an attribute name, a token name. */
export const MAX_LABEL_CHARS = 200;

/** Longest reason for a change; it is copied into every audit entry of that change. */
export const MAX_REASON_CHARS = 500;

/** Longest text inside a condition (a value compared with, a list item, a regular expression). */
export const MAX_CONDITION_TEXT_CHARS = 1_000;

/** Most tags, metrics or guardrails in one list. */
export const MAX_LABELS = 100;

/** A free-text description or hypothesis, up to `MAX_DESCRIPTION_CHARS`. */
export const DescriptionText = (description?: string) =>
  Type.String({ maxLength: MAX_DESCRIPTION_CHARS, ...(description === undefined ? {} : { description }) });

/** A short label, up to `MAX_LABEL_CHARS`. */
export const LabelText = (options: { minLength?: number; description?: string } = {}) =>
  Type.String({ maxLength: MAX_LABEL_CHARS, ...options });

/** A list of labels, up to `MAX_LABELS` of them. */
export const LabelList = (description?: string) =>
  Type.Array(LabelText(), { maxItems: MAX_LABELS, default: [], ...(description === undefined ? {} : { description }) });
