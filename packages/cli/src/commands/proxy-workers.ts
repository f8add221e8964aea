import cluster, { type Worker } from "node:cluster";

/**
 * Runs `workers` copies of the proxy on one listening socket (node:cluster): each worker follows the routing state
 * and reports its figures on its own, so the primary only starts workers, replaces one that dies, and stops them
 * on SIGTERM/SIGINT. Resolves once every worker has exited after a shutdown signal.
 */
export async function runProxyWorkers(workers: number): Promise<void> {
  let stopping = false;
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.once("exit", (code, signal) => {
      if (stopping) return;
      process.stderr.write(`proxy worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
      // A worker that dies at start (a bad flag, the port taken) would otherwise be replaced in a tight loop.
      setTimeout(() => {
        if (!stopping) fork();
      }, 1_000).unref();
    });
    return worker;
  };
  for (let i = 0; i < workers; i++) fork();
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      stopping = true;
      resolve();
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
  const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  await Promise.all(
    running.map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.once("exit", () => resolve());
          worker.process.kill("SIGTERM");
        }),
    ),
  );
}

/** True in a worker started by `runProxyWorkers`. */
export function isProxyWorker(): boolean {
  return cluster.isWorker;
}
