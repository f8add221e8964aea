import { startTestBackend } from "../../packages/proxy/src/data-plane/testing/test-backend.js";
import { tellParent } from "../server/bench-process.js";

// One pool's backend in its own process, so the load it serves never shares an event loop with the bench driver.
const backend = await startTestBackend(process.env["BACKEND_NAME"] ?? "A");
backend.server.keepAliveTimeout = 30_000;
process.once("SIGTERM", () => void backend.close().then(() => process.exit(0)));
tellParent({ address: backend.address });
