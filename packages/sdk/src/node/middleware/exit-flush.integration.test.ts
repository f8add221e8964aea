import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type IngestSink, startIngestSink } from "./testing/ingest-sink.js";

const script = fileURLToPath(new URL("./testing/exit-child.ts", import.meta.url));
let sink: IngestSink;

beforeEach(async () => {
  sink = await startIngestSink();
});
afterEach(() => sink.close());

function runChild(mode: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ["--import", "tsx", script, sink.url, mode], { stdio: "inherit" });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

describe("flushOnExit", () => {
  test("flushes when the event loop empties", async () => {
    expect(await runChild("beforeExit")).toEqual({ code: 0, signal: null });
    expect(sink.accepted().map((item) => item.id)).toEqual(["exit-0", "exit-1", "exit-2"]);
  });

  test("flushes on SIGTERM, then lets the signal end the process as it would have", async () => {
    expect(await runChild("SIGTERM")).toEqual({ code: null, signal: "SIGTERM" });
    expect(sink.accepted()).toHaveLength(3);
  });

  test("leaves the signal to the app's own handler when there is one", async () => {
    expect(await runChild("own-handler")).toEqual({ code: 7, signal: null });
    expect(sink.accepted()).toHaveLength(3);
  });
});
