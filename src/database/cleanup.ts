/**
 * Cleanups that must run even when the process is interrupted. Testcontainers' reaper (Ryuk) is not
 * always available, so on Ctrl-C or SIGTERM the gate removes its own containers before it exits.
 */
const cleanups = new Set<() => Promise<void>>();
let installed = false;

/** Registers a cleanup to run on SIGINT/SIGTERM; returns the function that unregisters it. */
export function cleanupOnSignal(cleanup: () => Promise<void>): () => void {
  install();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      if (cleanups.size > 0)
        process.stderr.write(
          `migration-gate: ${signal} received, removing the containers and stopping the processes it started\n`,
        );
      void Promise.allSettled([...cleanups].map((cleanup) => cleanup())).finally(() => process.exit(code));
    });
  }
}
