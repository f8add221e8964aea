import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { DEFAULT_EVENTS_CONFIG, type EventStore, startMaintenanceRunner } from "@switchboard/events";
import type { FastifyInstance } from "fastify";
import { TokenAuthenticator } from "./auth/index.js";
import { composeFeatures } from "./compose-features.js";
import type { ServerConfig } from "./config/index.js";
import {
  bootstrapAdminToken,
  type ConfiguredAdminToken,
  createSmtpMailer,
  createStatsDetection,
  ensureEnvironments,
  serverDocumentKinds,
  startMonitorRunner,
  startScheduleRunner,
} from "./control-plane/index.js";
import { lockDataFolder } from "./data-folder-lock.js";
import { createHttpApp, LISTEN_BACKLOG, mountFeatures } from "./http/index.js";
import { type Clock, startPeriodicPass, systemClock } from "./kernel/index.js";
import { openEventStore } from "./open-event-store.js";
import { dataFolderInUse, dataFolderUnusable, listenFailure } from "./startup-error.js";
import { openConfigStore } from "./store/index.js";
import { loadPreviewKey } from "./traffic/index.js";

/**
 * Closes the app, letting in-flight requests finish, but for at most `graceMs`: a client that stops reading a
 * response would otherwise hold the shutdown forever. After the grace period every connection is cut.
 */
async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  const closed = app.close();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), graceMs);
  });
  if ((await Promise.race([closed, expired])) === "expired") {
    app.log.warn(`requests still in flight after ${graceMs} ms of shutdown; closing their connections`);
    app.server.closeAllConnections();
    await closed;
  }
  clearTimeout(timer);
}

/** A started server: where it listens, the admin token if this start created one, and how to stop it. */
export interface RunningServer {
  url: string;
  port: number;
  /** Set only on the first start of an empty store, when no SWITCHBOARD_ADMIN_TOKEN was given: shown once. */
  createdAdminToken: string | null;
  /** What became of SWITCHBOARD_ADMIN_TOKEN (added, already in use, or ignored and why); null when not set. */
  configuredAdminToken: ConfiguredAdminToken | null;
  /** Which config store is in use, for the start-up banner. */
  storeDescription: string;
  /** Graceful shutdown: stop accepting, finish in-flight requests, close streams with a retry hint, close stores. */
  close(): Promise<void>;
}

/**
 * The composition root: opens the stores chosen by config, applies migrations, creates the initial
 * environments and the first admin token, composes the features once (`composeFeatures`), mounts them on the HTTP
 * app, hands the same services to the scheduler, the change-request pass and the monitor runner, and starts listening.
 */
export async function startServer(config: ServerConfig, clock: Clock = systemClock): Promise<RunningServer> {
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true }).catch((error: unknown) => {
    throw dataFolderUnusable(error, dataDir) ?? error;
  });
  // Before any store opens: a second server on this folder would corrupt the embedded PostgreSQL's files.
  const folderLock = await lockDataFolder(dataDir);
  // Features that keep versioned documents of their own register their kinds here, before the store opens.
  const kinds = serverDocumentKinds();
  const store = await openConfigStore(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: join(dataDir, "config") },
    { kinds },
  ).catch(async (error: unknown) => {
    await folderLock.release();
    throw error;
  });
  let events: EventStore | undefined;
  let app: FastifyInstance | undefined;
  try {
    events = await openEventStore(config.events ?? DEFAULT_EVENTS_CONFIG, dataDir).catch((error: unknown) => {
      throw dataFolderInUse(error, dataDir) ?? error;
    });
    await ensureEnvironments(store, config.initialEnvironments);
    const adminToken = await bootstrapAdminToken(store, config);
    const auth = new TokenAuthenticator(store, clock);
    const previewKey = await loadPreviewKey(dataDir);
    const started = createHttpApp({ config });
    app = started;
    const features = composeFeatures({
      config,
      store,
      auth,
      clock,
      events,
      logger: started.log,
      traffic: { previewKey },
    });
    const { services, trafficControl, queries } = features;
    mountFeatures(started, features);
    await started.listen({ host: config.host, port: config.port, backlog: LISTEN_BACKLOG }).catch((error: unknown) => {
      throw listenFailure(error, config) ?? error;
    });
    const address = started.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const scheduler = startScheduleRunner({
      store,
      clock,
      apply: async (schedule) => {
        await services.activations.applyScheduledAction(schedule);
      },
      onError: (error) => started.log.error({ err: error }, "schedule pass failed"),
    });
    // Approved change requests scheduled for later apply here; the request's compare-and-swap makes one server do it.
    const dueRequests = startPeriodicPass({
      pass: () => services.changeRequests.applyDue(),
      intervalMs: 5_000,
      initial: [] as string[],
      onError: (error) => started.log.error({ err: error }, "change request pass failed"),
    });
    const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
    const mailer = config.smtp === undefined ? undefined : createSmtpMailer(config.smtp);
    const monitors = startMonitorRunner({
      store,
      ...(mailer === undefined ? {} : { delivery: { mail: mailer.mail } }),
      clock,
      owner: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      query: (query) => queries.query(query),
      markers: (query) => services.changes.markers(query),
      detection: createStatsDetection(),
      actions: {
        kill: async (flag, environment, context) =>
          (await services.activations.kill(flag, environment, {}, context)).change.seq,
        back: async (service, environment, context) => {
          await trafficControl.traffic.back({ environment, name: service }, {}, context);
          const [change] = await store.listChanges({ action: "traffic.back", actor: context.actor, limit: 1 });
          return change?.seq ?? 0;
        },
      },
      publicUrl: url,
      ...(config.monitors === undefined
        ? {}
        : {
            intervalMs: config.monitors.intervalMs,
            lagMinutes: config.monitors.lagMs / 60_000,
            leaseMs: config.monitors.leaseMs,
          }),
      onError: (error, monitor) => started.log.error({ err: error, monitor }, "monitor pass failed"),
    });
    const eventsConfig = config.events ?? DEFAULT_EVENTS_CONFIG;
    const maintenance = startMaintenanceRunner({
      store: events,
      clock,
      config: eventsConfig,
      startPeriodicPass,
      onError: (error) => started.log.error({ err: error }, "event store maintenance pass failed"),
    });
    const openEvents = events;
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      createdAdminToken: adminToken.generated,
      configuredAdminToken: adminToken.configured,
      storeDescription: config.databaseUrl ? "PostgreSQL server" : `embedded PostgreSQL in ${join(dataDir, "config")}`,
      close() {
        closing ??= (async () => {
          await scheduler.stop();
          await dueRequests.stop();
          await monitors.stop();
          mailer?.close();
          await maintenance.stop();
          await closeWithin(started, config.shutdownGraceMs);
          await openEvents.close();
          await store.close();
          await folderLock.release();
        })();
        return closing;
      },
    };
  } catch (error) {
    // The app's background work (traffic ramps) reads the store: stop it before the store closes.
    await app?.close();
    await events?.close();
    await store.close();
    await folderLock.release();
    throw error;
  }
}
