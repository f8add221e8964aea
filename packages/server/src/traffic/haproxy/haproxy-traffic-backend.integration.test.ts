import { request } from "undici";
import { contractService, describeTrafficBackendContract } from "../traffic-backend.contract.js";
import { HaproxyTrafficBackend } from "./haproxy-traffic-backend.js";
import { startHaproxy, startTinyBackend } from "./testing/haproxy-process.js";

describeTrafficBackendContract("haproxy", async () => {
  const [a, b] = [await startTinyBackend("A"), await startTinyBackend("B")];
  const service = contractService({ a: [a.address], b: [b.address] });
  const haproxy = await startHaproxy(service, { target: { kind: "pool", pool: "a" }, sticky: null, overrides: [] });
  const backend = new HaproxyTrafficBackend({ runtimeApi: haproxy.runtimeApi, mapDir: haproxy.mapDir });
  return {
    backend,
    service,
    async send(headers = {}) {
      const response = await request(haproxy.url, { headers });
      return (await response.body.text()).toLowerCase();
    },
    async teardown() {
      await backend.close();
      await haproxy.stop();
      await Promise.all([a.close(), b.close()]);
    },
  };
});
