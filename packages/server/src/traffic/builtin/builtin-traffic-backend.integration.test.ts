import { BuiltinTrafficBackend } from "@switchboard/proxy";
import { startTestBackend } from "@switchboard/proxy/testing";
import { Agent, request } from "undici";
import { AppError } from "../../kernel/index.js";
import { contractService, describeTrafficBackendContract } from "../traffic-backend.contract.js";

describeTrafficBackendContract("builtin", async () => {
  const [a, b] = [await startTestBackend("A"), await startTestBackend("B")];
  const service = contractService({ a: [a.address], b: [b.address] });
  // Embedded in the server, an unknown service or pool is the server's NOT_FOUND (a 404 at the HTTP edge).
  const backend = new BuiltinTrafficBackend({ notFound: (message) => new AppError("NOT_FOUND", message) });
  await backend.apply(service, { target: { kind: "pool", pool: "a" }, sticky: null, overrides: [] });
  const agent = new Agent();
  const url = backend.urlOf(service);
  return {
    backend,
    service,
    async send(headers = {}) {
      const response = await request(url, { headers, dispatcher: agent });
      return (await response.body.text()).toLowerCase();
    },
    async teardown() {
      await agent.close();
      await backend.close();
      await Promise.all([a.close(), b.close()]);
    },
  };
});
