/** Field paths of a wide event offered as suggestions wherever a filter or a field is typed. */
export const BASE_FIELDS = [
  "name",
  "status",
  "environment",
  "release",
  "unit",
  "durationMs",
  "messageCount",
  "message",
  "fields.http.route",
  "fields.user.country",
  "spans.sql.ms",
  "spans.sql.count",
];
