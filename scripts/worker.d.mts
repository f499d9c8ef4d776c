/** Writes `outdir`/project-worker.js, an ES module, and returns its path. */
export function buildWorker(outdir: string): Promise<string>;
