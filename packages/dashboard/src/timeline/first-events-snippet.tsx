import { EmptyState } from "../ui/status.js";

/** What to do when no events arrived yet: send some, from the SDK or with one curl. */
export function FirstEventsSnippet() {
  const origin = window.location.origin;
  return (
    <EmptyState title="No events in this range yet">
      <p>The charts fill up as your services send wide events. With the Node SDK and Fastify, one event per request:</p>
      <pre>{`import { createClient } from "@switchboard/sdk/node";
import { createEventsClient } from "@switchboard/sdk/events";
import { flushOnExit, switchboardFastify } from "@switchboard/sdk/middleware";

const client = createClient({ url: "${origin}", sdkKey: process.env.SWITCHBOARD_SDK_KEY });
const events = createEventsClient(client);
flushOnExit(events);
await app.register(switchboardFastify, { events });`}</pre>
      <p>Or send one by hand with a server SDK key:</p>
      <pre>{`curl -s ${origin}/api/v1/events -H "Authorization: Bearer $SDK_KEY" -H 'content-type: application/json' \\
  -d '[{"type":"event","id":"e-1","ts":"${new Date().toISOString()}","name":"request","durationMs":42,"status":200}]'`}</pre>
    </EmptyState>
  );
}
