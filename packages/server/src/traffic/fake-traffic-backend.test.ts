import { FakeTrafficBackend } from "./fake-traffic-backend.js";
import { contractService, describeTrafficBackendContract } from "./traffic-backend.contract.js";

describeTrafficBackendContract("fake", async () => {
  const backend = new FakeTrafficBackend();
  const service = contractService({ a: ["127.0.0.1:1"], b: ["127.0.0.1:2"] });
  return {
    backend,
    service,
    async send(headers = {}) {
      const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      const pool = backend.route(service, { header: (n) => lower.get(n.toLowerCase()), cookie: () => undefined });
      return pool ?? "none";
    },
    teardown: () => backend.close(),
  };
});
