import { Agent, request } from "undici";
import { contractService, describeTrafficBackendContract } from "../traffic-backend.contract.js";
import { BuiltinTrafficBackend } from "./builtin-traffic-backend.js";
import { startTestBackend } from "./testing/test-backend.js";

describeTrafficBackendContract("builtin", async () => {
  const [a, b] = [await startTestBackend("A"), await startTestBackend("B")];
  const service = contractService({ a: [a.address], b: [b.address] });
  const backend = new BuiltinTrafficBackend();
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
