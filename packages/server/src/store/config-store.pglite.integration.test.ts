import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeConfigStoreContract } from "./config-store.contract.js";
import { DocumentKindRegistry } from "./document-kind-registry.js";
import { openConfigStore } from "./open-config-store.js";

describeConfigStoreContract(
  "PGlite",
  async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "switchboard-store-"));
    const kinds = DocumentKindRegistry.withBuiltIns();
    const store = await openConfigStore({ dataDir }, { kinds });
    return {
      store,
      kinds,
      rawQuery: (sql: string, params?: readonly unknown[]) => store.sqlClient.query(sql, params),
      teardown: async () => {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
  { rawSql: true },
);
