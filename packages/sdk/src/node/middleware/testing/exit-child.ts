// A process that queues three events and then ends in the way argv[3] names: beforeExit, SIGTERM, or SIGTERM with its own handler.
import { EventTransport } from "../../../events/event-transport.js";
import { flushOnExit } from "../exit-flush.js";

const [url = "", mode = "beforeExit"] = process.argv.slice(2);
const transport = new EventTransport({ url, sdkKey: "k", flushIntervalMs: 60_000 });
for (let n = 0; n < 3; n++)
  transport.enqueue({ type: "event", id: `exit-${n}`, ts: new Date().toISOString(), name: mode });
flushOnExit(transport);
if (mode !== "beforeExit") {
  const keepAlive = setInterval(() => undefined, 1_000);
  if (mode === "own-handler") {
    process.on("SIGTERM", () => {
      setTimeout(() => {
        clearInterval(keepAlive);
        process.exitCode = 7;
      }, 200);
    });
  }
  process.kill(process.pid, "SIGTERM");
}
